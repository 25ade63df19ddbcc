// `layerwise lint`: findings as text (with code frames), JSON or SARIF 2.1.0. Exit 1 when a finding reaches
// the failure threshold: `--failure-threshold`, else HADOLINT_FAILURE_THRESHOLD, else the file's `.hadolint.yaml`
// `failure-threshold`, else warning. As in hadolint, flags win over HADOLINT_* variables, which win over the file
// (config/hadolintEnv.ts); the run-wide keys (format, no-fail, no-color, verbose) come from the first file's config.
// Rule texts in the language of --locale or the environment (cli/locale.ts). Folders and globs are searched for
// Dockerfiles (cli/discover.ts); many files are linted on all cores (cli/lintPool.ts, `--jobs N`).
import { parseArgs, oneOf, UsageError } from './usage';
import { readInputs } from './readInputs';
import { rulesById, allRules } from '../core/rules/index';
import { ruleRefIndex } from '../core/config/ruleRefs';
import { failureThresholdFrom, FailureThreshold, labelSchemaFrom, type LintConfig } from '../core/config/hadolintConfig';
import { configFromEnv, mergeConfig } from '../core/config/hadolintEnv';
import type { Severity } from '../core/types';
import { formatText, formatSarif } from './lintFormats';
import { loadTranslations } from '../core/l10n';
import { cliLocale } from './locale';
import { lintConfigFor, type FileFindings, type LintSettings } from './lintFile';
import { lintAll, threadCount } from './lintPool';
import { LINT_SWITCHES, LINT_VALUE_FLAGS } from './lintEarly';
import { SHELLCHECK_RULE_ID } from '../core/shellcheck/findings';

export { DEFAULT_FAILURE_THRESHOLD, SYNTAX_CHECK_MAX_CHARS, type FileFindings } from './lintFile';

const SEVERITY_RANK: Record<Severity | 'none', number> = { none: 99, error: 3, warning: 2, info: 1, hint: 0 };

export function toJson(results: FileFindings[]) {
  return results.map(({ file, findings }) => ({
    file,
    diagnostics: findings.map((f) => ({
      rule: f.rule,
      aliases: rulesById.get(f.rule)?.meta.aliases ?? [],
      severity: f.severity,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      message: f.message,
      fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })),
    })),
  }));
}

/** Colours in text output: on a terminal, unless --no-color, `no-color`/HADOLINT_NOCOLOR or NO_COLOR (no-color.org) says no. */
export function textColor(isTTY: boolean, noColorFlag: boolean, config: Partial<LintConfig>, env: NodeJS.ProcessEnv): boolean {
  return isTTY && !noColorFlag && config.noColor !== true && !env.NO_COLOR;
}

/** hadolint's flags for its configuration keys: --trusted-registry, --require-label name:type, --strict-labels… */
function configFromFlags(flags: Map<string, string[]>): Partial<LintConfig> {
  const config: Partial<LintConfig> = {};
  const registries = flags.get('trusted-registry');
  if (registries) config.trustedRegistries = registries;
  const labels = flags.get('require-label');
  if (labels) {
    const pairs: Record<string, string> = {};
    for (const label of labels) {
      const colon = label.lastIndexOf(':');
      if (colon <= 0) throw new UsageError(`--require-label needs name:type (got "${label}")`);
      pairs[label.slice(0, colon)] = label.slice(colon + 1);
    }
    const problems: string[] = [];
    config.labelSchema = labelSchemaFrom(pairs, problems);
    if (problems.length > 0) throw new UsageError(`--require-label: ${problems.join('; ')}`);
  }
  if (flags.has('strict-labels')) config.strictLabels = true;
  if (flags.has('disable-ignore-pragma')) config.disableIgnorePragma = true;
  return config;
}

function thresholdFlag(value: string | undefined): FailureThreshold | undefined {
  if (value === undefined) return undefined;
  const threshold = failureThresholdFrom(value);
  if (!threshold) throw new UsageError(`--failure-threshold must be one of error, warning, info, hint (or style), none (got "${value}")`);
  return threshold;
}

function jobsFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new UsageError(`--jobs must be a whole number from 1 (got "${value}")`);
  return Number(value);
}

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, LINT_VALUE_FLAGS, LINT_SWITCHES);
  // Rule messages and fix titles in the user's language (l10n/ beside dist/cli.js); English without a bundle.
  const locale = cliLocale(args.flags.get('locale')?.at(-1), process.env);
  loadTranslations(locale);
  const env = configFromEnv(process.env);
  if (env.problems.length > 0) throw new UsageError(env.problems.join('; '));
  const formatFlag = args.flags.get('format')?.at(-1);
  if (formatFlag !== undefined) oneOf('format', formatFlag, ['text', 'json', 'sarif'] as const, 'text');
  const settings: LintSettings = {
    explicitConfig: args.flags.get('config')?.at(-1),
    ignore: args.flags.get('ignore') ?? [],
    flagThreshold: thresholdFlag(args.flags.get('failure-threshold')?.at(-1)),
    // The environment over the file, the flags over both: plain data, sent to the worker threads.
    overlay: mergeConfig(mergeConfig(undefined, env.config), configFromFlags(args.flags)),
    verbose: args.flags.has('verbose'),
    fromEnvironment: Object.keys(env.config).length > 0,
    // ShellCheck inside RUN when the binary is there (`--shellcheck PATH`, else `shellcheck` on PATH).
    shellcheckPath: args.flags.get('shellcheck')?.at(-1) ?? 'shellcheck',
  };
  const jobs = jobsFlag(args.flags.get('jobs')?.at(-1));
  for (const ref of settings.ignore)
    if (ruleRefIndex(allRules).resolve(ref).length === 0 && !/^(DL|SC)\d{4}$/i.test(ref) && ref.toLowerCase() !== SHELLCHECK_RULE_ID)
      throw new UsageError(`--ignore: unknown rule "${ref}"`);
  if (args.positionals.length === 0) throw new UsageError('lint needs at least one Dockerfile');
  let failed = false;
  const inputs = readInputs(args.positionals, (message) => {
    failed = true;
    process.stderr.write(`layerwise: ${message}\n`);
  });
  // Run-wide settings: flags, else the first input's configuration (with the environment), else the defaults.
  // Its problems are reported by the file's own lint, not twice.
  const runConfig: Partial<LintConfig> = inputs.length > 0 ? lintConfigFor(inputs[0].file, settings, () => undefined) : settings.overlay;
  const format = (formatFlag as 'text' | 'json' | 'sarif' | undefined) ?? runConfig.format ?? 'text';
  const noFail = args.flags.has('no-fail') || runConfig.noFail === true;
  const color = textColor(process.stdout.isTTY === true, args.flags.has('no-color'), runConfig, process.env);
  const outcomes = await lintAll(inputs, settings, threadCount(inputs.length, jobs), locale);
  const results: FileFindings[] = [];
  // Each worker thread says once that ShellCheck is missing: the same line is written once.
  const written = new Set<string>();
  for (const outcome of outcomes) {
    for (const message of outcome.messages) if (!written.has(message) && written.add(message)) process.stderr.write(`${message}\n`);
    failed ||= outcome.failed;
    if (outcome.result) results.push(outcome.result);
  }
  if (format === 'json') process.stdout.write(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(results, allRules), null, 2) + '\n');
  else process.stdout.write(formatText(results, color));
  if (failed) return 2;
  if (noFail) return 0;
  const failing = results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[r.threshold]));
  return failing ? 1 : 0;
}
