// hadolint's environment variables (HADOLINT_NOFAIL, HADOLINT_IGNORE, HADOLINT_OVERRIDE_ERROR, …) as a partial
// `.hadolint.yaml`, and how they combine with the file: as in hadolint, the environment wins over the file
// (lists are added to the file's, an override for a rule replaces the file's), command-line flags win over both.
import { failureThresholdFrom, labelSchemaFrom, lintFormatFrom, type LintConfig } from './hadolintConfig';
import type { SeverityOrOff } from '../types';
import { splitRefs } from './ruleRefs';

const OVERRIDES: Record<string, SeverityOrOff> = {
  HADOLINT_OVERRIDE_ERROR: 'error',
  HADOLINT_OVERRIDE_WARNING: 'warning',
  HADOLINT_OVERRIDE_INFO: 'info',
  HADOLINT_OVERRIDE_STYLE: 'hint',
};

const BOOLEANS = {
  HADOLINT_NOFAIL: 'noFail',
  HADOLINT_STRICT_LABELS: 'strictLabels',
  HADOLINT_DISABLE_IGNORE_PRAGMA: 'disableIgnorePragma',
  HADOLINT_NOCOLOR: 'noColor',
  HADOLINT_VERBOSE: 'verbose',
} as const;

function booleanFrom(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return undefined;
}

/** `a,b c` → [a, b, c] (hadolint separates list values with commas; spaces are accepted too). */
const listFrom = splitRefs;

/** The configuration the HADOLINT_* variables of `env` give; problems name the variable and are never thrown. */
export function configFromEnv(env: NodeJS.ProcessEnv): { config: Partial<LintConfig>; problems: string[] } {
  const config: Partial<LintConfig> = {};
  const problems: string[] = [];
  // An empty variable (`HADOLINT_FORMAT=` in a CI file) counts as unset.
  const value = (name: string) => (env[name]?.trim() ? env[name] : undefined);
  for (const [name, field] of Object.entries(BOOLEANS)) {
    const raw = value(name);
    if (raw === undefined) continue;
    const parsed = booleanFrom(raw);
    if (parsed === undefined) problems.push(`${name}=${raw}: expected true or false (1, 0, yes, no)`);
    else config[field] = parsed;
  }
  const ignore = value('HADOLINT_IGNORE');
  if (ignore !== undefined) config.ignored = listFrom(ignore);
  const override: Record<string, SeverityOrOff> = {};
  for (const [name, severity] of Object.entries(OVERRIDES)) for (const ref of listFrom(value(name) ?? '')) override[ref] = severity;
  if (Object.keys(override).length > 0) config.override = override;
  const registries = value('HADOLINT_TRUSTED_REGISTRIES');
  if (registries !== undefined) config.trustedRegistries = listFrom(registries);
  const threshold = value('HADOLINT_FAILURE_THRESHOLD');
  if (threshold !== undefined) {
    const parsed = failureThresholdFrom(threshold.trim());
    if (parsed) config.failureThreshold = parsed;
    else problems.push(`HADOLINT_FAILURE_THRESHOLD=${threshold}: expected error, warning, info, style, ignore or none`);
  }
  const format = value('HADOLINT_FORMAT');
  if (format !== undefined) {
    const parsed = lintFormatFrom(format.trim());
    if (parsed) config.format = parsed;
    else problems.push(`HADOLINT_FORMAT=${format}: only tty, json and sarif have a counterpart here`);
  }
  // `label:type,label:type`, as hadolint's --require-label.
  const labels = value('HADOLINT_REQUIRE_LABELS');
  if (labels !== undefined) {
    const pairs: Record<string, string> = {};
    for (const item of listFrom(labels)) {
      const colon = item.lastIndexOf(':');
      if (colon <= 0) problems.push(`HADOLINT_REQUIRE_LABELS: "${item}" should be label:type`);
      else pairs[item.slice(0, colon)] = item.slice(colon + 1);
    }
    const schemaProblems: string[] = [];
    const schema = labelSchemaFrom(pairs, schemaProblems);
    problems.push(...schemaProblems.map((p) => `HADOLINT_REQUIRE_LABELS: ${p}`));
    if (schema && Object.keys(schema).length > 0) config.labelSchema = schema;
  }
  return { config, problems };
}

/** `base` (a file's configuration, or none) with `over` on top: `over`'s values win, lists are joined. */
export function mergeConfig(base: LintConfig | undefined, over: Partial<LintConfig>): LintConfig {
  const merged: LintConfig = { ...base, ignored: [...(base?.ignored ?? [])], override: { ...base?.override } };
  for (const [key, value] of Object.entries(over) as [keyof LintConfig, unknown][]) {
    if (value === undefined) continue;
    if (key === 'ignored') merged.ignored.push(...(value as string[]));
    else if (key === 'override') Object.assign(merged.override, value);
    else if (key === 'trustedRegistries') merged.trustedRegistries = [...(base?.trustedRegistries ?? []), ...(value as string[])];
    else if (key === 'labelSchema') merged.labelSchema = { ...base?.labelSchema, ...(value as LintConfig['labelSchema']) };
    else (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}
