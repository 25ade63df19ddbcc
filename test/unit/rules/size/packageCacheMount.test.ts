import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

const lines = (text: string) => sizeFindings('package-cache-mount', text).map((f) => f.range.start.line + 1);

describe('package-cache-mount', () => {
  before(() => initShellParser());

  sizeFixtureTests('package-cache-mount');

  it('reports pip and npm installs in every stage, builder stages included, once per RUN', () => {
    const text = [
      'FROM node:22 AS web',
      'RUN npm ci && npm install -g typescript',
      'FROM python:3.12',
      'RUN pip3 install flask',
      'COPY --from=web /app/dist /srv',
      '',
    ].join('\n');
    assert.deepEqual(lines(text), [2, 4]);
  });

  it('names every mount to add, in the order the RUN installs, and offers no fix (the classic builder refuses RUN --mount)', () => {
    const [finding] = sizeFindings('package-cache-mount', 'FROM node:22\nRUN npm ci && pip install flask\n');
    assert.match(finding.message, /`RUN --mount=type=cache,target=\/root\/\.npm --mount=type=cache,target=\/root\/\.cache\/pip`/);
    assert.deepEqual(finding.fixes, []);
  });

  it('is quiet for managers whose images drop downloads anyway, and for commands that install nothing', () => {
    const text = [
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl',
      'RUN npm --version && pip list',
      '',
    ].join('\n');
    assert.deepEqual(lines(text), []);
  });

  it('follows USER through parent stages: root again is reported, a user from the parent is not', () => {
    const inherited = 'FROM python:3.12 AS base\nUSER app\nFROM base\nRUN pip install flask\n';
    assert.deepEqual(lines(inherited), []);
    const backToRoot = 'FROM python:3.12\nUSER app\nUSER 0\nRUN pip install flask\n';
    assert.deepEqual(lines(backToRoot), [4]);
  });

  it('is quiet when the command itself moves or disables the cache', () => {
    assert.deepEqual(lines('FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n'), []);
  });
});
