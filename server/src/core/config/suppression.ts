// Decides, per rule and per finding, what the configuration says: off, which severity, or suppressed
// at this line. Order (later wins): the rule's default (off for opt-in rules), `.hadolint.yaml` override, `# check=error=true`,
// the editor's / CLI's per-rule severities. Switched off by: .hadolint.yaml `ignored`, `# check=skip=`,
// global pragmas, 'off' severities; per place by instruction and stage pragmas.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { Rule } from '../rules/rule';
import type { Severity, SeverityOrOff } from '../types';
import type { LintConfig } from './hadolintConfig';
import { CHECK_SKIP_ALL, Pragmas } from './pragmas';
import { ruleRefIndex, RuleRefIndex } from './ruleRefs';

export interface RulePlan {
  /** undefined: the rule does not run. */
  severity: Severity | undefined;
  /** Set by the user (config or settings): reports may not weaken it. */
  explicit: boolean;
}

export interface SuppressionInputs {
  rules: readonly Rule[];
  config?: LintConfig;
  pragmas?: Pragmas;
  severities?: Readonly<Record<string, SeverityOrOff>>;
}

function idsOf(index: RuleRefIndex, refs: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const ref of refs) for (const id of ref === CHECK_SKIP_ALL ? index.buildkitRules : index.resolve(ref)) ids.add(id);
  return ids;
}

export function planRules({ rules, config, pragmas, severities }: SuppressionInputs): Map<string, RulePlan> {
  const index = ruleRefIndex(rules);
  const overrides = new Map<string, SeverityOrOff>();
  for (const [ref, severity] of Object.entries(config?.override ?? {})) for (const id of index.resolve(ref)) overrides.set(id, severity);
  const off = idsOf(index, [...(config?.ignored ?? []), ...(pragmas?.global ?? [])]);
  const check = pragmas?.check;
  const skipped = check?.skip === 'all' ? new Set(index.buildkitRules) : idsOf(index, check?.skip ?? []);
  // Settings may name rules by hadolint code or BuildKit name too; an entry with the exact id wins.
  const settings = new Map<string, SeverityOrOff>();
  for (const [ref, severity] of Object.entries(severities ?? {}))
    for (const id of index.resolve(ref)) if (id !== ref && !settings.has(id)) settings.set(id, severity);
  for (const [ref, severity] of Object.entries(severities ?? {})) if (index.resolve(ref).includes(ref)) settings.set(ref, severity);
  const plans = new Map<string, RulePlan>();
  for (const { meta } of rules) {
    let severity: SeverityOrOff = meta.optIn ? 'off' : meta.severity;
    let explicit = false;
    const override = overrides.get(meta.id);
    if (override) {
      severity = override;
      explicit = true;
    }
    if (check?.error && index.buildkitRules.has(meta.id) && severity !== 'off') {
      severity = 'error';
      explicit = true;
    }
    const setting = settings.get(meta.id);
    if (setting) {
      severity = setting;
      explicit = true;
    }
    const disabled = severity === 'off' || off.has(meta.id) || skipped.has(meta.id);
    plans.set(meta.id, { severity: disabled ? undefined : (severity as Severity), explicit });
  }
  return plans;
}

/** The last index in a sorted array whose value is <= `value` (-1 when none): binary search. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0,
    hi = sorted.length - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Whether an instruction or stage pragma suppresses `ruleId` at `line` (log-time per finding: files can be huge). */
export function makeLineSuppressor(
  model: DockerfileModel,
  rules: readonly Rule[],
  pragmas: Pragmas,
): (ruleId: string, line: number) => boolean {
  if (pragmas.byInstructionLine.size === 0 && pragmas.byStage.size === 0) return () => false;
  const index = ruleRefIndex(rules);
  const byLine = new Map<number, Set<string>>();
  for (const [line, refs] of pragmas.byInstructionLine) byLine.set(line, idsOf(index, refs));
  const byStage = new Map<number, { fromLine: number; ids: Set<string> }[]>();
  for (const [stage, list] of pragmas.byStage)
    byStage.set(
      stage,
      list.map((p) => ({ fromLine: p.fromLine, ids: idsOf(index, p.refs) })),
    );
  const stageStarts = model.stages.map((s) => s.from.getRange().start.line);
  const ranges = model.instructions.map((i) => i.getRange());
  const starts = ranges.map((r) => r.start.line);
  const instructionStart = (line: number): number => {
    const i = lastAtOrBefore(starts, line);
    return i >= 0 && ranges[i].end.line >= line ? starts[i] : line;
  };
  return (ruleId, line) => {
    const start = instructionStart(line);
    if (byLine.get(start)?.has(ruleId)) return true;
    const stage = Math.max(lastAtOrBefore(stageStarts, start), 0);
    return (byStage.get(stage) ?? []).some((p) => p.fromLine < start + 1 && p.ids.has(ruleId));
  };
}
