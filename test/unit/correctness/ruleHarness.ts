// Runs one rule on a text: its findings, and the text after its first fix (a golden before/after).
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel, AnalyzeOptions } from '../../../server/src/core/analyze';
import { applyEdits, applyFixes } from '../../../server/src/core/fix/applyFixes';
import { rulesById } from '../../../server/src/core/rules/index';
import type { Finding } from '../../../server/src/core/types';

export function findings(ruleId: string, text: string, options: AnalyzeOptions = {}): Finding[] {
  const rule = rulesById.get(ruleId);
  assert.ok(rule, `rule ${ruleId} is registered`);
  // A rule that throws is isolated by analyzeModel; here it must fail the test.
  const onRuleError = (id: string, error: unknown) => { throw new Error(`${id} threw: ${(error as Error).stack}`); };
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
  const onRuleError = (id: string, error: unknown) => { throw new Error(`${id} threw: ${(error as Error).stack}`); };
  const once = applyFixes(before, { rules: [rulesById.get(ruleId)!], unsafe: true, pragmas: false, onRuleError });
  assert.equal(once.text, after);
  assert.deepEqual(findings(ruleId, once.text).filter((f) => f.fixes.length > 0), [], `${ruleId} still fires with a fix after fixing`);
  assert.equal(applyFixes(once.text, { rules: [rulesById.get(ruleId)!], unsafe: true, pragmas: false }).text, once.text, 'fixing twice is a no-op');
}
