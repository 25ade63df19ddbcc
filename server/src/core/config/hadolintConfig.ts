// `.hadolint.yaml` as hadolint reads it, every key hadolint documents: `ignored`, `override` {error, warning,
// info, style}, `failure-threshold`, `trustedRegistries`, `label-schema`, `strict-labels`, `disable-ignore-pragma`,
// and the command-line ones (`no-fail`, `format`, `no-color`, `verbose`) that `layerwise lint` reads.
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
  /** `label-schema`: label name → the type its value must have (DL3049–DL3058). */
  labelSchema?: Record<string, LabelType>;
  /** `strict-labels`: labels outside the schema are reported (DL3050). */
  strictLabels?: boolean;
  /** `disable-ignore-pragma`: `# hadolint ignore=…` (and `# layerwise ignore=…`) comments are not honoured. */
  disableIgnorePragma?: boolean;
  /** `no-fail`: the CLI exits 0 whatever it finds. */
  noFail?: boolean;
  /** `format`: the CLI's output format, mapped onto ours. */
  format?: LintFormat;
  /** `no-color`: no colours in the CLI's text output. */
  noColor?: boolean;
  /** `verbose`: the CLI says which configuration applies to each file. */
  verbose?: boolean;
  /** The file it came from, for messages. */
  source?: string;
}

/** The value types hadolint's `label-schema` knows. */
export const LABEL_TYPES = ['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

export type LintFormat = 'text' | 'json' | 'sarif';
// hadolint's formats that have a counterpart here; its others (checkstyle, codeclimate, gnu…) do not.
const FORMATS: Record<string, LintFormat> = { tty: 'text', text: 'text', json: 'json', sarif: 'sarif' };

/** Our output format for a hadolint `format` value; undefined when there is no counterpart. */
export function lintFormatFrom(value: string): LintFormat | undefined {
  return FORMATS[value.toLowerCase()];
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

function booleanKey(root: Record<string, unknown>, key: string, problems: string[]): boolean | undefined {
  const value = root[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  problems.push(`"${key}" should be true or false`);
  return undefined;
}

/** `label-schema`: a mapping of label names to types; unknown types are problems and the label is left out. */
export function labelSchemaFrom(value: unknown, problems: string[]): Record<string, LabelType> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`"label-schema" should map label names to one of ${LABEL_TYPES.join(', ')}`);
    return undefined;
  }
  const schema: Record<string, LabelType> = {};
  for (const [name, type] of Object.entries(value as Record<string, unknown>)) {
    const known = typeof type === 'string' ? LABEL_TYPES.find((t) => t === type.toLowerCase()) : undefined;
    if (known) schema[name] = known;
    else problems.push(`label-schema: "${name}" has unknown type ${JSON.stringify(type)} (one of ${LABEL_TYPES.join(', ')})`);
  }
  return schema;
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
  const labelSchema = labelSchemaFrom(root['label-schema'], problems);
  if (labelSchema) config.labelSchema = labelSchema;
  const flags = {
    strictLabels: 'strict-labels',
    disableIgnorePragma: 'disable-ignore-pragma',
    noFail: 'no-fail',
    noColor: 'no-color',
    verbose: 'verbose',
  } as const;
  for (const [field, key] of Object.entries(flags) as [keyof typeof flags, string][]) {
    const value = booleanKey(root, key, problems);
    if (value !== undefined) config[field] = value;
  }
  const format = root.format;
  if (format !== undefined && format !== null) {
    const mapped = typeof format === 'string' ? lintFormatFrom(format) : undefined;
    if (mapped) config.format = mapped;
    else problems.push(`"format" ${JSON.stringify(format)} has no counterpart here (tty, json or sarif): text is used`);
  }
  return { config, problems };
}
