// `layerwise fix --prove [--rule ID]... [--format text|json] [--context DIR] [--smoke-command "…"] [--host URL]
// DOCKERFILE`: builds the Dockerfile as it is and as fixed, and reports what the fix changes before anything is
// applied. Exit 0: every fix is what its class says; 1: a "safe" fix changed files, packages or config, or the
// fixed Dockerfile does not build; 2: usage errors, unreadable input, an unreachable engine or an original
// that does not build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, oneOf, UsageError } from './usage';
import { readInputs, ruleContextFor, configFor } from './readInputs';
import { allRules } from '../core/rules/index';
import { ruleRefIndex } from '../core/config/ruleRefs';
import { openEngine } from '../core/engine/connection';
import { classifyEngineError } from '../core/engine/engineErrors';
import { proveFix, ProofError } from '../core/proof/proveFix';
import { ProofCache } from '../core/proof/proofCache';
import { formatProof } from '../core/proof/textReport';

export async function fixProveCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['rule', 'config', 'format', 'context', 'smoke-command', 'host'], ['prove', 'unsafe', 'no-proof-cache']);
  const format = oneOf('format', args.flags.get('format')?.at(-1), ['text', 'json'] as const, 'text');
  let onlyRules: string[] | undefined;
  for (const ref of args.flags.get('rule') ?? []) {
    const ids = ruleRefIndex(allRules).resolve(ref);
    if (ids.length === 0) throw new UsageError(`unknown rule "${ref}"`);
    onlyRules = [...(onlyRules ?? []), ...ids];
  }
  if (args.positionals.length !== 1) throw new UsageError('fix --prove needs exactly one Dockerfile');
  if (args.positionals[0] === '-') throw new UsageError('fix --prove builds the Dockerfile: name a file, not standard input');
  const contextDir = args.flags.get('context')?.at(-1);
  if (contextDir !== undefined && !fs.statSync(contextDir, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--context ${contextDir}: not a folder`);
  const problems: string[] = [];
  const [input] = readInputs(args.positionals, (m) => problems.push(m));
  if (!input) throw new UsageError(problems.join('; '));
  const config = configFor(input.file, { explicit: args.flags.get('config')?.at(-1) }, (m) => process.stderr.write(`layerwise: ${m}\n`));

  let engine;
  try {
    engine = openEngine({ hostSetting: args.flags.get('host')?.at(-1) });
  } catch (error) {
    process.stderr.write(`layerwise: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const evidence = await proveFix({
      docker: engine.streaming,
      dockerfile: path.resolve(input.file),
      text: input.text,
      context: contextDir,
      onlyRules,
      analyze: { config, context: ruleContextFor(input.file) },
      smokeCommand: args.flags.get('smoke-command')?.at(-1),
      build: { endpoint: engine.endpoint },
      cache: args.flags.has('no-proof-cache') ? undefined : new ProofCache(),
      engineName: engine.endpoint.url,
      onProgress: (m) => {
        if (format === 'text') process.stderr.write(`layerwise: ${m}\n`);
      },
    });
    process.stdout.write(format === 'json' ? `${JSON.stringify(evidence, null, 2)}\n` : formatProof(evidence));
    return evidence.verdict === 'class-violated' || evidence.verdict === 'fix-breaks-build' ? 1 : 0;
  } catch (error) {
    const message = error instanceof ProofError ? error.message : classifyEngineError(error, engine.endpoint).message;
    process.stderr.write(`layerwise: ${message}\n`);
    return 2;
  }
}
