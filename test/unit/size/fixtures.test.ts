// Golden tests from test/fixtures/rules/size/<rule>/: `x.before.Dockerfile` + `x.after.Dockerfile` (the
// rule fires and its fixes, unsafe included, give exactly `after`; then it no longer fires with a fix and
// fixing again changes nothing; the result has no new dockerfile-utils error), `x.ok.Dockerfile` (the
// rule must not fire) and `x.nofix.Dockerfile` (fires, offers no fix).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { rulesById } from '../../../server/src/core/rules/index';
import { initShellParser } from '../../../server/src/core/shell/index';
import { FIXTURES, sizeFindings } from './harness';

const errors = (text: string) => validate(text).filter((d) => d.severity === 1).map((d) => d.message).sort();

describe('size rule fixtures', () => {
  before(() => initShellParser());
  for (const rule of fs.readdirSync(FIXTURES).sort()) {
    describe(rule, () => {
      const dir = path.join(FIXTURES, rule);
      for (const file of fs.readdirSync(dir).sort()) {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        if (file.endsWith('.ok.Dockerfile')) {
          it(`does not fire on ${file}`, () => assert.deepEqual(sizeFindings(rule, text).map((f) => f.message), []));
        } else if (file.endsWith('.nofix.Dockerfile')) {
          it(`fires without a fix on ${file}`, () => {
            const found = sizeFindings(rule, text);
            assert.ok(found.length > 0, 'fires');
            assert.deepEqual(found.flatMap((f) => f.fixes), []);
          });
        } else if (file.endsWith('.before.Dockerfile')) {
          const after = fs.readFileSync(path.join(dir, file.replace('.before.', '.after.')), 'utf8');
          it(`fixes ${file}`, () => {
            assert.ok(sizeFindings(rule, text).length > 0, `${rule} fires on ${file}`);
            const options = { rules: [rulesById.get(rule)!], unsafe: true, pragmas: false, context: { dockerignoreExists: false } };
            const fixed = applyFixes(text, options);
            assert.equal(fixed.text, after);
            assert.deepEqual(sizeFindings(rule, fixed.text).filter((f) => f.fixes.some((x) => x.edits.length > 0)).map((f) => f.message), [], 'no fixable finding left');
            assert.equal(applyFixes(fixed.text, options).text, fixed.text, 'fixing twice is a no-op');
            assert.deepEqual(errors(fixed.text), errors(text), 'no new syntax error');
            assert.ok(analyzeModel(parseDockerfile(fixed.text)), 'the fixed text analyses');
          });
        }
      }
    });
  }
});
