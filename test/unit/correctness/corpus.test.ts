// Every correctness rule and fix over the real Dockerfiles in test/corpus: no rule throws, fixes
// (unsafe included) leave no new syntax error, fixing twice changes nothing, and no fixable finding is left.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { correctnessRules } from '../../../server/src/core/rules/correctness/index';
import { syntaxFindings } from '../../../server/src/core/config/syntaxChecks';
import { initShellParser } from '../../../server/src/core/shell/index';
import { corpusFiles } from '../../helpers/corpus';

describe('correctness rules over the corpus', function () {
  this.timeout(300_000);
  before(async () => {
    await initShellParser();
  });

  it('lints and fixes every corpus file', () => {
    const files = corpusFiles();
    assert.ok(files.length > 100, `expected the corpus to have >100 Dockerfiles, found ${files.length}`);
    const problems: string[] = [];
    let fixed = 0;
    for (const { name, text } of files) {
      const onRuleError = (rule: string, error: unknown) => problems.push(`${name}: ${rule} threw ${(error as Error).stack}`);
      analyzeModel(parseDockerfile(text), { rules: correctnessRules, onRuleError });
      const once = applyFixes(text, { rules: correctnessRules, unsafe: true, onRuleError, maxRounds: 20 });
      if (once.text === text) continue;
      fixed++;
      const syntaxBefore = syntaxFindings(text).length;
      const syntaxAfter = syntaxFindings(once.text);
      if (syntaxAfter.length > syntaxBefore)
        problems.push(
          `${name}: fixes added syntax errors: ${syntaxAfter.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`,
        );
      const twice = applyFixes(once.text, { rules: correctnessRules, unsafe: true, onRuleError });
      if (twice.text !== once.text)
        problems.push(`${name}: fixing twice changed the text again (${Object.keys(twice.applied).join(', ')})`);
      const left = analyzeModel(parseDockerfile(once.text), { rules: correctnessRules }).filter((f) => f.fixes.length > 0);
      for (const f of left) problems.push(`${name}:${f.range.start.line + 1}: ${f.rule} still fires with a fix after fixing`);
    }
    assert.deepEqual(problems, []);
    assert.ok(fixed > 50, `fixes changed only ${fixed} files`);
  });
});
