// `layerwise lint`: findings as text (with code frames), JSON or SARIF 2.1.0. Exit 1 when a finding reaches
// the failure threshold: `--failure-threshold`, else the file's `.hadolint.yaml` `failure-threshold`, else warning.
// Rule texts in the language of --locale or the environment (cli/locale.ts).
import { parseArgs, oneOf, UsageError } from './usage';
import { readInputs, ruleContextFor, configFor } from './readInputs';
import { parseDockerfile } from '../core/model/dockerfileModel';
import { analyzeModel } from '../core/analyze';
import { rulesById, allRules } from '../core/rules/index';
import { ruleRefIndex } from '../core/config/ruleRefs';
import { failureThresholdFrom, FailureThreshold } from '../core/config/hadolintConfig';
import type { Finding, Severity } from '../core/types';
import { formatText, formatSarif } from './lintFormats';
import { syntaxFindings } from '../core/config/syntaxChecks';
import { loadTranslations } from '../core/l10n';
import { cliLocale } from './locale';
import { Shellcheck, SHELLCHECK_RULE_ID } from '../core/shellcheck/index';

const SEVERITY_RANK: Record<Severity | 'none', number> = { none: 99, error: 3, warning: 2, info: 1, hint: 0 };
export const DEFAULT_FAILURE_THRESHOLD: FailureThreshold = 'warning';
/** dockerfile-utils' syntax checks take seconds per 100 KB, growing faster than the text: larger files skip them. */
export const SYNTAX_CHECK_MAX_CHARS = 256_000;

export interface FileFindings {
  file: string;
  findings: Finding[];
  lines: string[];
  threshold: FailureThreshold;
}

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

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['format', 'failure-threshold', 'config', 'ignore', 'locale', 'shellcheck'], []);
  // Rule messages and fix titles in the user's language (l10n/ beside dist/cli.js); English without a bundle.
  loadTranslations(cliLocale(args.flags.get('locale')?.at(-1), process.env));
  const format = oneOf('format', args.flags.get('format')?.at(-1), ['text', 'json', 'sarif'] as const, 'text');
  const flagThreshold = thresholdFlag(args.flags.get('failure-threshold')?.at(-1));
  const ignore = args.flags.get('ignore') ?? [];
  for (const ref of ignore)
    if (ruleRefIndex(allRules).resolve(ref).length === 0 && !/^(DL|SC)\d{4}$/i.test(ref) && ref.toLowerCase() !== SHELLCHECK_RULE_ID)
      throw new UsageError(`--ignore: unknown rule "${ref}"`);
  if (args.positionals.length === 0) throw new UsageError('lint needs at least one Dockerfile');
  let failed = false;
  const report = (message: string) => {
    failed = true;
    process.stderr.write(`layerwise: ${message}\n`);
  };
  const inputs = readInputs(args.positionals, report);
  // ShellCheck inside RUN when the binary is there (`--shellcheck PATH`, else `shellcheck` on PATH); without it, one note.
  const shellcheck = new Shellcheck(args.flags.get('shellcheck')?.at(-1) ?? 'shellcheck', (note) =>
    process.stderr.write(`layerwise: ${note}\n`),
  );
  const lintOne = async (file: string, text: string): Promise<FileFindings> => {
    const config = configFor(file, { explicit: args.flags.get('config')?.at(-1), ignore }, report);
    const model = parseDockerfile(text);
    const findings = analyzeModel(model, {
      config,
      context: ruleContextFor(file, report),
      onRuleError: (rule, error) => process.stderr.write(`layerwise: rule ${rule} failed on ${file}: ${(error as Error).message}\n`),
    });
    findings.push(...(await shellcheck.findings(model, { config })));
    // Syntax errors first (BuildKit would refuse the file), sorted in with the rules' findings. dockerfile-utils
    // can throw on hostile text (stack overflow on ` ARG V=$V`): that costs the syntax checks, not our findings.
    // Its time grows faster than the text (minutes on 1 MB of short instructions): large files skip it, said once.
    if (text.length > SYNTAX_CHECK_MAX_CHARS) {
      process.stderr.write(
        `layerwise: ${file}: syntax checks skipped, the file is over ${SYNTAX_CHECK_MAX_CHARS / 1000} KB (all rules ran)\n`,
      );
    } else {
      try {
        findings.unshift(...syntaxFindings(text));
      } catch (error) {
        process.stderr.write(`layerwise: ${file}: syntax checks skipped, dockerfile-utils failed: ${(error as Error).message}\n`);
      }
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { file, findings, lines: model.lines, threshold: flagThreshold ?? config?.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD };
  };
  const results: FileFindings[] = [];
  for (const { file, text } of inputs) {
    // Each file under its own guard: a failure names the file and the others are still linted (exit 2).
    try {
      results.push(await lintOne(file, text));
    } catch (error) {
      report(`${file}: not linted, ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (format === 'json') process.stdout.write(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(results, allRules), null, 2) + '\n');
  else process.stdout.write(formatText(results, process.stdout.isTTY === true));
  if (failed) return 2;
  const failing = results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[r.threshold]));
  return failing ? 1 : 0;
}
