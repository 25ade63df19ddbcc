// Shared by the per-rule test files of test/unit/rules/<area>/: runs one rule on a text (its findings, the text
// after its first fix, a golden before/after), and the golden files of test/fixtures/rules/size/<rule>/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel, AnalyzeOptions } from '../../../server/src/core/analyze';
import { applyEdits, applyFixes } from '../../../server/src/core/fix/applyFixes';
import { rulesById } from '../../../server/src/core/rules/index';
import type { Finding } from '../../../server/src/core/types';

export function findings(ruleId: string, text: string, options: AnalyzeOptions = {}): Finding[] {
  const rule = rulesById.get(ruleId);
  assert.ok(rule, `rule ${ruleId} is registered`);
  // A rule that throws is isolated by analyzeModel; here it must fail the test.
  const onRuleError = (id: string, error: unknown) => {
    throw new Error(`${id} threw: ${(error as Error).stack}`);
  };
  return analyzeModel(parseDockerfile(text), { rules: [rule], pragmas: false, onRuleError, ...options });
}

export function lines(ruleId: string, text: string): number[] {
  return findings(ruleId, text).map((f) => f.range.start.line + 1);
}

/** The text after applying the first fix of the first finding; fails when there is none. */
export function fixedOnce(ruleId: string, text: string): string {
  const [first] = findings(ruleId, text);
  assert.ok(first, `${ruleId} fires on:\n${text}`);
  assert.ok(first.fixes.length > 0, `${ruleId} offers a fix on:\n${text}`);
  return applyEdits(text, first.fixes[0].edits);
}

/**
 * Golden test of a rule's fixes: applying them (unsafe included) until nothing changes gives `after`,
 * the rule no longer fires, and fixing again changes nothing.
 */
export function assertFixes(ruleId: string, before: string, after: string): void {
  const onRuleError = (id: string, error: unknown) => {
    throw new Error(`${id} threw: ${(error as Error).stack}`);
  };
  const once = applyFixes(before, { rules: [rulesById.get(ruleId)!], unsafe: true, pragmas: false, onRuleError });
  assert.equal(once.text, after);
  assert.deepEqual(
    findings(ruleId, once.text).filter((f) => f.fixes.length > 0),
    [],
    `${ruleId} still fires with a fix after fixing`,
  );
  assert.equal(
    applyFixes(once.text, { rules: [rulesById.get(ruleId)!], unsafe: true, pragmas: false }).text,
    once.text,
    'fixing twice is a no-op',
  );
}

/** Size rule fixtures are read from the source tree (this module runs from out/test/unit/rules). */
export const SIZE_FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/rules/size');

/** `dockerignoreExists`: what the caller knows about the build context (`'unknown'` → undefined). */
export function sizeFindings(ruleId: string, text: string, dockerignore: boolean | 'unknown' = false): Finding[] {
  const dockerignoreExists = dockerignore === 'unknown' ? undefined : dockerignore;
  const rule = rulesById.get(ruleId);
  if (!rule) throw new Error(`rule ${ruleId} is not registered`);
  return analyzeModel(parseDockerfile(text), { rules: [rule], pragmas: false, context: { dockerignoreExists } });
}

const syntaxErrors = (text: string) =>
  validate(text)
    .filter((d) => d.severity === 1)
    .map((d) => d.message)
    .sort();

/**
 * Golden tests from test/fixtures/rules/size/<rule>/: `x.before.Dockerfile` + `x.after.Dockerfile` (the rule fires
 * and its fixes, unsafe included, give exactly `after`; then it no longer fires with a fix and fixing again changes
 * nothing; the result has no new dockerfile-utils error), `x.ok.Dockerfile` (the rule must not fire) and
 * `x.nofix.Dockerfile` (fires, offers no fix). Call inside the rule's describe(), after initShellParser().
 */
export function sizeFixtureTests(ruleId: string): void {
  const dir = path.join(SIZE_FIXTURES, ruleId);
  const files = fs.readdirSync(dir).sort();
  it(`has golden files in test/fixtures/rules/size/${ruleId}/`, () =>
    assert.ok(files.some((f) => f.endsWith('.before.Dockerfile') || f.endsWith('.ok.Dockerfile'))));
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    if (file.endsWith('.ok.Dockerfile')) {
      it(`does not fire on ${file}`, () =>
        assert.deepEqual(
          sizeFindings(ruleId, text).map((f) => f.message),
          [],
        ));
    } else if (file.endsWith('.nofix.Dockerfile')) {
      it(`fires without a fix on ${file}`, () => {
        const found = sizeFindings(ruleId, text);
        assert.ok(found.length > 0, 'fires');
        assert.deepEqual(
          found.flatMap((f) => f.fixes),
          [],
        );
      });
    } else if (file.endsWith('.before.Dockerfile')) {
      const after = fs.readFileSync(path.join(dir, file.replace('.before.', '.after.')), 'utf8');
      it(`fixes ${file}`, () => {
        assert.ok(sizeFindings(ruleId, text).length > 0, `${ruleId} fires on ${file}`);
        const options = { rules: [rulesById.get(ruleId)!], unsafe: true, pragmas: false, context: { dockerignoreExists: false } };
        const fixed = applyFixes(text, options);
        assert.equal(fixed.text, after);
        assert.deepEqual(
          sizeFindings(ruleId, fixed.text)
            .filter((f) => f.fixes.some((x) => x.edits.length > 0))
            .map((f) => f.message),
          [],
          'no fixable finding left',
        );
        assert.equal(applyFixes(fixed.text, options).text, fixed.text, 'fixing twice is a no-op');
        assert.deepEqual(syntaxErrors(fixed.text), syntaxErrors(text), 'no new syntax error');
        assert.ok(analyzeModel(parseDockerfile(fixed.text)), 'the fixed text analyses');
      });
    }
  }
}
