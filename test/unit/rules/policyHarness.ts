// Shared by test/unit/rules/policy/: runs one policy rule switched on (most are opt-in) with the `.hadolint.yaml`
// settings given, and returns the 1-based lines and the words its findings cover.
import { findings } from './harness';
import type { LintConfig } from '../../../server/src/core/config/hadolintConfig';
import type { Finding } from '../../../server/src/core/types';

export function policyFindings(ruleId: string, text: string, config: Partial<LintConfig> = {}): Finding[] {
  return findings(ruleId, text, { severities: { [ruleId]: 'warning' }, config: { ignored: [], override: {}, ...config } });
}

/** `line:covered text` of each finding, e.g. `2:curl, vim` style checks read well in assertions. */
export function covered(ruleId: string, text: string, config: Partial<LintConfig> = {}): string[] {
  const lines = text.split('\n');
  return policyFindings(ruleId, text, config).map((f) => {
    const { start, end } = f.range;
    const slice =
      start.line === end.line ? lines[start.line].slice(start.character, end.character) : lines[start.line].slice(start.character);
    return `${start.line + 1}:${slice}`;
  });
}
