// `layerwise lint`: findings as text (with code frames), JSON or SARIF 2.1.0.
import { parseArgs, oneOf, UsageError } from './usage';
import { readInputs, dockerignoreExistsFor } from './readInputs';
import { parseDockerfile } from '../core/model/dockerfileModel';
import { analyzeModel } from '../core/analyze';
import { rulesById, allRules } from '../core/rules/index';
import type { Finding, Severity } from '../core/types';
import { formatText, formatSarif } from './lintFormats';

const SEVERITY_RANK: Record<Severity | 'none', number> = { none: 99, error: 3, warning: 2, info: 1, hint: 0 };

export interface FileFindings { file: string; findings: Finding[]; lines: string[] }

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

export async function lintCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['format', 'failure-threshold'], []);
  const format = oneOf('format', args.flags.get('format')?.at(-1), ['text', 'json', 'sarif'] as const, 'text');
  const threshold = oneOf('failure-threshold', args.flags.get('failure-threshold')?.at(-1), ['error', 'warning', 'info', 'hint', 'none'] as const, 'info');
  if (args.positionals.length === 0) throw new UsageError('lint needs at least one Dockerfile');
  let unreadable = false;
  const inputs = readInputs(args.positionals, (message) => { unreadable = true; process.stderr.write(`layerwise: ${message}\n`); });
  const results: FileFindings[] = inputs.map(({ file, text }) => {
    const model = parseDockerfile(text);
    const findings = analyzeModel(model, {
      context: { dockerignoreExists: dockerignoreExistsFor(file) },
      onRuleError: (rule, error) => process.stderr.write(`layerwise: rule ${rule} failed on ${file}: ${(error as Error).message}\n`),
    });
    return { file, findings, lines: model.lines };
  });
  if (format === 'json') process.stdout.write(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(formatSarif(results, allRules), null, 2) + '\n');
  else process.stdout.write(formatText(results, process.stdout.isTTY === true));
  if (unreadable) return 2;
  const failing = results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]));
  return failing ? 1 : 0;
}
