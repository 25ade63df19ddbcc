// Runs every enabled rule over one parsed model. A rule that throws is isolated: it is reported once
// through `onRuleError` and the other rules still report. Configuration users already have is applied
// here: `.hadolint.yaml` (passed in as `config`), pragmas in the file, BuildKit's `# check=` directive,
// and per-rule severities from the editor or CLI.
import type { DockerfileModel } from './model/dockerfileModel';
import type { Rule } from './rules/rule';
import { allRules } from './rules/index';
import type { Finding, Severity, SeverityOrOff } from './types';
import type { LintConfig } from './config/hadolintConfig';
import { parsePragmas } from './config/pragmas';
import { makeLineSuppressor, planRules } from './config/suppression';
import { configContext, type ConfiguredRuleContext } from './config/configuredContext';

export interface AnalyzeOptions {
  /** Per-rule severity overrides by id; 'off' disables the rule. These win over `config`. */
  severities?: Readonly<Record<string, SeverityOrOff>>;
  /** A `.hadolint.yaml` that applies to this file (see config/loadConfig). */
  config?: LintConfig;
  /** Honour `# hadolint ignore=…`, `# layerwise ignore=…` and `# check=…` in the text (default true). */
  pragmas?: boolean;
  context?: ConfiguredRuleContext;
  rules?: readonly Rule[];
  onRuleError?: (ruleId: string, error: unknown) => void;
}

export function analyzeModel(model: DockerfileModel, options: AnalyzeOptions = {}): Finding[] {
  const findings: Finding[] = [];
  // Settings from .hadolint.yaml that a rule needs travel with the context (see config/configuredContext.ts).
  const context: ConfiguredRuleContext = { ...options.context, ...configContext(options.config) };
  const rules = options.rules ?? allRules;
  // `disable-ignore-pragma` drops ignore comments only; BuildKit's `# check=` directives still apply.
  const pragmas = options.pragmas === false ? undefined : parsePragmas(model, { ignoreComments: !options.config?.disableIgnorePragma });
  const plans = planRules({ rules, config: options.config, pragmas, severities: options.severities });
  const suppressed = pragmas ? makeLineSuppressor(model, rules, pragmas) : () => false;
  for (const rule of rules) {
    const plan = plans.get(rule.meta.id);
    if (!plan?.severity) continue;
    let reports;
    try {
      reports = rule.check(model, context);
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      continue;
    }
    for (const report of reports) {
      if (suppressed(rule.meta.id, report.range.start.line)) continue;
      // A rule may report a case weaker than its default (a hint); a severity the user chose wins.
      const weaker = (report as { severity?: Severity }).severity;
      const severity = weaker && !plan.explicit ? weaker : plan.severity;
      findings.push({ rule: rule.meta.id, severity, range: report.range, message: report.message, fixes: report.fixes ?? [] });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return findings;
}
