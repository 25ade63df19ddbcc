// Behaviour the fixtures do not show: the .dockerignore a fix creates, severities per stage, messages.
import * as assert from 'node:assert/strict';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { rulesById } from '../../../server/src/core/rules/index';
import { initShellParser } from '../../../server/src/core/shell/index';
import { sizeFindings } from './harness';

describe('size rules', () => {
  before(() => initShellParser());

  it('missing-dockerignore creates a .dockerignore for the detected ecosystems, only when none exists', () => {
    const text = 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . /again\n';
    const found = sizeFindings('missing-dockerignore', text);
    assert.equal(found.length, 2);
    const [file] = found[0].fixes[0].createFiles!;
    assert.equal(file.path, '.dockerignore');
    assert.match(file.content, /^\.git$/m);
    assert.match(file.content, /^__pycache__$/m);
    assert.doesNotMatch(file.content, /node_modules/);
    assert.deepEqual(found[1].fixes, [], 'one file serves every COPY');
    assert.deepEqual(sizeFindings('missing-dockerignore', text, true), []);
    assert.deepEqual(sizeFindings('missing-dockerignore', text, 'unknown'), [], 'unknown context: silent');
    const fixed = applyFixes(text, { rules: [rulesById.get('missing-dockerignore')!], context: { dockerignoreExists: false }, pragmas: false, unsafe: true });
    assert.deepEqual(fixed.createFiles.map((f) => f.path), ['.dockerignore']);
    assert.equal(fixed.applied['missing-dockerignore'], 1);
  });

  it('cache rules are off in stages that are only copied from, on in the final stage and its FROM ancestors', () => {
    const text = [
      'FROM python:3.12 AS deps', 'RUN pip install --prefix=/install flask',
      'FROM python:3.12-slim AS base', 'RUN pip install gunicorn',
      'FROM base', 'COPY --from=deps /install /usr/local', 'RUN pip install uvicorn', ''].join('\n');
    assert.deepEqual(sizeFindings('pip-no-cache-dir', text).map((f) => f.range.start.line + 1), [4, 7]);
  });

  it('copy-before-deps says which install and which manifests, and fixes with "Copy dependency manifests first"', () => {
    const [finding] = sizeFindings('copy-before-deps', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n');
    assert.match(finding.message, /`npm ci` \(line 4\)/);
    assert.match(finding.message, /package/);
    assert.equal(finding.fixes[0].title, 'Copy dependency manifests first');
    assert.equal(finding.fixes[0].safe, false);
    assert.deepEqual(finding.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } });
  });

  it('consecutive-run never merges RUNs with different flags, heredocs or exec form', () => {
    const text = 'FROM a\nRUN --network=none make\nRUN make install\nRUN <<EOF\necho hi\nEOF\nRUN echo after\nRUN ["echo", "exec"]\n';
    const found = sizeFindings('consecutive-run', text);
    assert.deepEqual(found.map((f) => f.range.start.line + 1), [4, 7, 8]);
    assert.deepEqual(found.flatMap((f) => f.fixes), []);
  });

  it('declares severities and hadolint aliases', () => {
    assert.equal(rulesById.get('consecutive-run')!.meta.severity, 'hint');
    assert.equal(rulesById.get('large-base-image')!.meta.severity, 'hint');
    assert.deepEqual(rulesById.get('apt-lists-not-removed')!.meta.aliases, ['DL3009']);
    assert.deepEqual(rulesById.get('package-cache-not-cleaned')!.meta.aliases, ['DL3032', 'DL3040', 'DL3036', 'DL3060']);
  });
});
