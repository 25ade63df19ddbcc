// `layerwise lint`: findings as text (with code frames), JSON or SARIF 2.1.0. Exit 1 when a finding reaches
// the failure threshold: `--failure-threshold`, else the file's `.hadolint.yaml` `failure-threshold`, else warning.
// Rule texts in the language of --locale or the environment (cli/locale.ts). Folders and globs are searched for
// Dockerfiles (cli/discover.ts); many files are linted on all cores (cli/lintPool.ts, `--jobs N`).
import { parseArgs, oneOf, UsageError } from './usage';
import { readInputs } from './readInputs';
import { rulesById, allRules } from '../core/rules/index';
import { ruleRefIndex } from '../core/config/ruleRefs';
import { failureThresholdFrom, FailureThreshold } from '../core/config/hadolintConfig';
import type { Severity } from '../core/types';
import { formatText, formatSarif } from './lintFormats';
import { loadTranslations } from '../core/l10n';
import { cliLocale } from './locale';
import type { FileFindings, LintSettings } from './lintFile';
import { lintAll, threadCount } from './lintPool';

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
  const args = parseArgs(argv, ['format', 'failure-threshold', 'config', 'ignore', 'locale', 'jobs'], []);
  // Rule messages and fix titles in the user's language (l10n/ beside dist/cli.js); English without a bundle.
  const locale = cliLocale(args.flags.get('locale')?.at(-1), process.env);
  loadTranslations(locale);
  const format = oneOf('format', args.flags.get('format')?.at(-1), ['text', 'json', 'sarif'] as const, 'text');
  const settings: LintSettings = {
    explicitConfig: args.flags.get('config')?.at(-1),
    ignore: args.flags.get('ignore') ?? [],
    flagThreshold: thresholdFlag(args.flags.get('failure-threshold')?.at(-1)),
  };
  const jobs = jobsFlag(args.flags.get('jobs')?.at(-1));
  for (const ref of settings.ignore)
    if (ruleRefIndex(allRules).resolve(ref).length === 0 && !/^(DL|SC)\d{4}$/i.test(ref))
      throw new UsageError(`--ignore: unknown rule "${ref}"`);
  if (args.positionals.length === 0) throw new UsageError('lint needs at least one Dockerfile');
  let failed = false;
  const inputs = readInputs(args.positionals, (message) => {
    failed = true;
    process.stderr.write(`layerwise: ${message}\n`);
  });
  const outcomes = await lintAll(inputs, settings, threadCount(inputs.length, jobs), locale);
  const results: FileFindings[] = [];
  for (const outcome of outcomes) {
    for (const message of outcome.messages) process.stderr.write(`${message}\n`);
    failed ||= outcome.failed;
    if (outcome.result) results.push(outcome.result);
  }
  if (format === 'json') process.stdout.write(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(results, allRules), null, 2) + '\n');
  else process.stdout.write(formatText(results, process.stdout.isTTY === true));
  if (failed) return 2;
  const failing = results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[r.threshold]));
  return failing ? 1 : 0;
}
