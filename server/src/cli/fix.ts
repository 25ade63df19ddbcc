// `layerwise fix`: applies safe fixes (and with --unsafe the build-changing ones) until nothing changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from './usage';
import { readInputs, dockerignoreExistsFor } from './readInputs';
import { applyFixes } from '../core/fix/applyFixes';
import { rulesById } from '../core/rules/index';
import { unifiedDiff } from './unifiedDiff';

export async function fixCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['rule'], ['write', 'diff', 'unsafe']);
  const write = args.flags.has('write');
  const diff = args.flags.has('diff');
  if (write && diff) throw new UsageError('--write and --diff exclude each other');
  const onlyRules = args.flags.get('rule');
  for (const id of onlyRules ?? []) if (!rulesById.has(id)) throw new UsageError(`unknown rule "${id}"`);
  if (args.positionals.length === 0) throw new UsageError('fix needs at least one Dockerfile');
  let unreadable = false;
  const inputs = readInputs(args.positionals, (message) => { unreadable = true; process.stderr.write(`layerwise: ${message}\n`); });
  for (const { file, text } of inputs) {
    const result = applyFixes(text, { unsafe: args.flags.has('unsafe'), onlyRules, context: { dockerignoreExists: dockerignoreExistsFor(file) } });
    const count = Object.values(result.applied).reduce((a, b) => a + b, 0);
    if (diff) {
      process.stdout.write(unifiedDiff(file, text, result.text));
    } else if (write) {
      if (result.text !== text) fs.writeFileSync(file, result.text);
      for (const extra of result.createFiles) {
        const target = path.join(path.dirname(file), extra.path);
        if (!fs.existsSync(target)) fs.writeFileSync(target, extra.content);
      }
      process.stderr.write(`${file}: ${count} fix${count === 1 ? '' : 'es'} applied\n`);
    } else {
      process.stdout.write(result.text);
    }
  }
  return unreadable ? 2 : 0;
}
