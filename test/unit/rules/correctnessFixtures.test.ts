// Golden before/after files for the hard shapes (heredocs, --mount flags, comments inside continuations,
// exec form, variables, CRLF and lower-case files): every correctness fix, unsafe included, applied until
// nothing changes. test/fixtures/rules/correctness/<case>/{before,after}.Dockerfile
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { correctnessRules } from '../../../server/src/core/rules/correctness/index';
import { initShellParser } from '../../../server/src/core/shell/index';
import { syntaxFindings } from '../../../server/src/core/config/syntaxChecks';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/rules/correctness');

describe('correctness fixes: golden files', () => {
  before(async () => {
    await initShellParser();
  });

  const cases = fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES) : [];
  it('has fixtures', () => assert.ok(cases.length >= 6, `expected golden fixtures in ${FIXTURES}`));
  for (const name of cases) {
    it(name, () => {
      const before = fs.readFileSync(path.join(FIXTURES, name, 'before.Dockerfile'), 'utf8');
      const after = fs.readFileSync(path.join(FIXTURES, name, 'after.Dockerfile'), 'utf8');
      const fixed = applyFixes(before, { rules: correctnessRules, unsafe: true });
      assert.equal(fixed.text, after);
      assert.equal(applyFixes(fixed.text, { rules: correctnessRules, unsafe: true }).text, fixed.text, 'fixing twice is a no-op');
      assert.ok(syntaxFindings(fixed.text).length <= syntaxFindings(before).length, 'no new syntax error');
    });
  }
});
