import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('pip-no-cache-dir', () => {
  before(() => initShellParser());

  sizeFixtureTests('pip-no-cache-dir');

  it('counts `export PIP_NO_CACHE_DIR=1` earlier in the RUN as setting it', () => {
    const text = [
      'FROM python:3.12',
      'RUN export PIP_NO_CACHE_DIR=1 && pip install flask',
      'RUN pip install a && export PIP_NO_CACHE_DIR=1',
      'RUN export PIP_NO_CACHE_DIR=0 && pip install b',
      'RUN (export PIP_NO_CACHE_DIR=1) && pip install c',
      '',
    ].join('\n');
    assert.deepEqual(
      sizeFindings('pip-no-cache-dir', text).map((f) => f.range.start.line + 1),
      [3, 4, 5],
    );
  });

  it('is off in stages that are only copied from, on in the final stage and its FROM ancestors', () => {
    const text = [
      'FROM python:3.12 AS deps',
      'RUN pip install --prefix=/install flask',
      'FROM python:3.12-slim AS base',
      'RUN pip install gunicorn',
      'FROM base',
      'COPY --from=deps /install /usr/local',
      'RUN pip install uvicorn',
      '',
    ].join('\n');
    assert.deepEqual(
      sizeFindings('pip-no-cache-dir', text).map((f) => f.range.start.line + 1),
      [4, 7],
    );
  });
  it('checks ONBUILD RUN like RUN (it runs in every image built FROM this one)', () => {
    assert.deepEqual(
      sizeFindings('pip-no-cache-dir', 'FROM python:3.12\nONBUILD RUN pip install flask\n').map((f) => f.range.start.line + 1),
      [2],
    );
  });
});
