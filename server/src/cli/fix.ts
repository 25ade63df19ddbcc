// `layerwise fix`: applies safe fixes (and with --unsafe the build-changing ones) until nothing changes.
// Without --write or --diff it prints the fixed text; --diff prints a unified diff and writes nothing.
// The file's .hadolint.yaml and pragmas apply: an ignored rule is not fixed either.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from './usage';
import { readInputs, ruleContextFor, configFor } from './readInputs';
import { applyFixes } from '../core/fix/applyFixes';
import { allRules } from '../core/rules/index';
import { ruleRefIndex } from '../core/config/ruleRefs';
import { unifiedDiff } from './unifiedDiff';
import { spliceChangedRange } from './dockerfileBytes';
import { initShellParser, scaleParseBudget } from '../core/shell/index';
import { CLI_PARSE_BUDGET_SCALE } from './lintFile';

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

export async function fixCommand(argv: string[]): Promise<number> {
  // Fixing re-analyses every fixed text: the shell parser is loaded up front (cli/main.ts leaves it to fix).
  scaleParseBudget(CLI_PARSE_BUDGET_SCALE);
  await initShellParser();
  // --prove builds and measures instead of rewriting (cli/fixProve.ts).
  if (argv.includes('--prove')) return (await import('./fixProve')).fixProveCommand(argv);
  const args = parseArgs(argv, ['rule', 'config'], ['write', 'diff', 'unsafe']);
  const write = args.flags.has('write');
  const diff = args.flags.has('diff');
  if (write && diff) throw new UsageError('--write and --diff exclude each other');
  // --rule takes our ids, hadolint codes or BuildKit check names.
  let onlyRules: string[] | undefined;
  for (const ref of args.flags.get('rule') ?? []) {
    const ids = ruleRefIndex(allRules).resolve(ref);
    if (ids.length === 0) throw new UsageError(`unknown rule "${ref}"`);
    onlyRules = [...(onlyRules ?? []), ...ids];
  }
  if (args.positionals.length === 0) throw new UsageError('fix needs at least one Dockerfile');
  if (write && args.positionals.includes('-')) throw new UsageError('--write cannot write to standard input; use --diff or no flag');
  let failed = false;
  const report = (message: string) => {
    failed = true;
    process.stderr.write(`layerwise: ${message}\n`);
  };
  const inputs = readInputs(args.positionals, report);
  const fixOne = (file: string, text: string, bytes: Buffer) => {
    const config = configFor(file, { explicit: args.flags.get('config')?.at(-1) }, report);
    const result = applyFixes(text, {
      unsafe: args.flags.has('unsafe'),
      onlyRules,
      config,
      context: ruleContextFor(file, report),
      onRuleError: (rule, error) => process.stderr.write(`layerwise: rule ${rule} failed on ${file}: ${(error as Error).message}\n`),
    });
    const count = Object.values(result.applied).reduce((a, b) => a + b, 0);
    const extras =
      file === '<stdin>'
        ? []
        : result.createFiles
            .map((extra) => ({ ...extra, target: path.join(path.dirname(file), extra.path) }))
            // lstat, not exists: a dangling symlink (`.dockerignore -> /elsewhere`) is there too, and is not written through.
            .filter((extra) => !lexists(extra.target));
    // Bytes no fix touched are written back as they were read (a Latin-1 comment stays Latin-1).
    const fixedBytes = spliceChangedRange(bytes, text, result.text);
    if (diff) {
      process.stdout.write(unifiedDiff(file, text, result.text));
      for (const extra of extras) process.stdout.write(unifiedDiff(extra.target, '', extra.content, true));
    } else if (write) {
      if (result.text !== text) fs.writeFileSync(file, fixedBytes);
      for (const extra of extras) fs.writeFileSync(extra.target, extra.content, { flag: 'wx' });
      process.stderr.write(`${file}: ${count} fix${count === 1 ? '' : 'es'} applied\n`);
    } else {
      process.stdout.write(fixedBytes);
    }
  };
  for (const { file, text, bytes } of inputs) {
    // Each file under its own guard: one that breaks the engine is named and the others are still fixed.
    try {
      fixOne(file, text, bytes);
    } catch (error) {
      report(`${file}: not fixed, ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failed ? 2 : 0;
}
