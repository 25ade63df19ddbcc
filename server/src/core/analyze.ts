// Runs every enabled rule over one parsed model. A rule that throws is isolated: it is reported once
// through `onRuleError` and the other rules still report.
import type { DockerfileModel } from './model/dockerfileModel';
import type { Rule, RuleContext } from './rules/rule';
import { allRules } from './rules/index';
import type { Finding, SeverityOrOff } from './types';

export interface AnalyzeOptions {
  /** Per-rule severity overrides by id; 'off' disables the rule. */
  severities?: Readonly<Record<string, SeverityOrOff>>;
  context?: RuleContext;
  rules?: readonly Rule[];
  onRuleError?: (ruleId: string, error: unknown) => void;
}

export function analyzeModel(model: DockerfileModel, options: AnalyzeOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const context = options.context ?? {};
  for (const rule of options.rules ?? allRules) {
    const severity = options.severities?.[rule.meta.id] ?? rule.meta.severity;
    if (severity === 'off') continue;
    let reports;
    try {
      reports = rule.check(model, context);
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      continue;
    }
    for (const report of reports) {
      findings.push({ rule: rule.meta.id, severity, range: report.range, message: report.message, fixes: report.fixes ?? [] });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return findings;
}
