import * as assert from 'node:assert/strict';
import { applyFixes } from '../../../../server/src/core/fix/applyFixes';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('missing-dockerignore', () => {
  before(() => initShellParser());

  sizeFixtureTests('missing-dockerignore');

  it('creates a .dockerignore for the detected ecosystems, only when none exists', () => {
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
    const fixed = applyFixes(text, {
      rules: [rulesById.get('missing-dockerignore')!],
      context: { dockerignoreExists: false },
      pragmas: false,
      unsafe: true,
    });
    assert.deepEqual(
      fixed.createFiles.map((f) => f.path),
      ['.dockerignore'],
    );
    assert.equal(fixed.applied['missing-dockerignore'], 1);
  });
});
