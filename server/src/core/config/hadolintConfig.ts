// `.hadolint.yaml` as hadolint reads it: `ignored`, `override` {error, warning, info, style},
// `failure-threshold` and `trustedRegistries`. Other keys (label-schema, strict-labels, …) are accepted and not used.
import { parse } from 'yaml';
import type { Severity, SeverityOrOff } from '../types';

export type FailureThreshold = Severity | 'none';

export interface LintConfig {
  /** Rule references (our ids, DL codes, BuildKit names) switched off. */
  ignored: string[];
  /** Severity per rule reference. */
  override: Record<string, SeverityOrOff>;
  failureThreshold?: FailureThreshold;
  /** Registries FROM may pull from (`docker.io`, `*.example.com`); undefined: any. */
  trustedRegistries?: string[];
  /** The file it came from, for messages. */
  source?: string;
}

// hadolint's levels onto ours: "style" is the weakest visible one, "ignore" switches a rule off.
const LEVELS: Record<string, SeverityOrOff> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'hint',
  hint: 'hint',
  ignore: 'off',
  off: 'off',
};
const THRESHOLDS: Record<string, FailureThreshold> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'hint',
  hint: 'hint',
  ignore: 'none',
  none: 'none',
};

export function failureThresholdFrom(value: string): FailureThreshold | undefined {
  return THRESHOLDS[value.toLowerCase()];
}

function stringList(value: unknown, key: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  if (typeof value === 'string') return [value];
  problems.push(`"${key}" should be a list of rule codes`);
  return [];
}

/** Parses the text of a `.hadolint.yaml`. Problems are returned, never thrown: a bad config must not stop linting. */
export function parseHadolintConfig(text: string, source?: string): { config: LintConfig; problems: string[] } {
  const problems: string[] = [];
  const config: LintConfig = { ignored: [], override: {}, source };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    problems.push(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return { config, problems };
  }
  if (document === null || document === undefined) return { config, problems };
  if (typeof document !== 'object' || Array.isArray(document)) {
    problems.push('expected a mapping at the top level');
    return { config, problems };
  }
  const root = document as Record<string, unknown>;
  config.ignored = stringList(root.ignored, 'ignored', problems);
  const override = root.override;
  if (override !== undefined && override !== null) {
    if (typeof override !== 'object' || Array.isArray(override))
      problems.push('"override" should map error/warning/info/style to lists of rule codes');
    else {
      for (const [level, refs] of Object.entries(override as Record<string, unknown>)) {
        const severity = LEVELS[level.toLowerCase()];
        if (!severity) {
          problems.push(`unknown override level "${level}"`);
          continue;
        }
        for (const ref of stringList(refs, `override.${level}`, problems)) config.override[ref] = severity;
      }
    }
  }
  if (root.trustedRegistries !== undefined && root.trustedRegistries !== null)
    config.trustedRegistries = stringList(root.trustedRegistries, 'trustedRegistries', problems);
  const threshold = root['failure-threshold'];
  if (threshold !== undefined && threshold !== null) {
    const value = typeof threshold === 'string' ? failureThresholdFrom(threshold) : undefined;
    if (value) config.failureThreshold = value;
    else problems.push(`"failure-threshold" should be one of error, warning, info, style, ignore, none`);
  }
  return { config, problems };
}
