// `layerwise build [-t TAG] [-f Dockerfile] [--target STAGE] [--build-arg K=V]... [--builder classic|buildkit]
// [--host URL] CONTEXT`: the editor's "Build image" from a terminal (the user's docker CLI when there is one, else
// the Engine API), leaving a build record for `layers`, `forecast` and the lenses. The build's own output goes to
// stderr; stdout gets each step's time and cache use. Exit 0 built, 1 the build failed, 2 usage or engine errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, oneOf, UsageError } from './usage';
import { openEngine } from '../core/engine/connection';
import { findDockerCli } from '../core/engine/build';
import { checkImageReference } from '../core/engine/imageReference';
import { buildAndRecord, describeRecord } from '../core/buildRecord/recordBuild';

/** `-t`/`-f` as docker spells them, read as `--tag`/`--file`. */
function longFlags(argv: string[]): string[] {
  return argv.map((a) => (a === '-t' ? '--tag' : a === '-f' ? '--file' : a));
}

/** `K=V` pairs of --build-arg (a bare `K` takes K from the environment, as docker does). */
export function buildArgsOf(values: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq === -1 ? value : value.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--build-arg needs NAME=VALUE (got "${value}")`);
    const resolved = eq === -1 ? env[name] : value.slice(eq + 1);
    if (resolved !== undefined) out[name] = resolved;
  }
  return out;
}

/** A tag from the context folder's name, as a repository name allows it. */
function defaultTag(context: string): string {
  const name = path
    .basename(path.resolve(context))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return `${name || 'layerwise-build'}:latest`;
}

export async function buildCommand(argv: string[]): Promise<number> {
  const args = parseArgs(longFlags(argv), ['tag', 'file', 'target', 'build-arg', 'builder', 'host'], []);
  if (args.positionals.length !== 1) throw new UsageError('build needs exactly one CONTEXT folder');
  const context = path.resolve(args.positionals[0]);
  if (!fs.statSync(context, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${args.positionals[0]}: not a folder`);
  const dockerfile = path.resolve(args.flags.get('file')?.at(-1) ?? path.join(context, 'Dockerfile'));
  if (!fs.statSync(dockerfile, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`${dockerfile}: no such Dockerfile`);
  const tag = args.flags.get('tag')?.at(-1) ?? defaultTag(context);
  checkImageReference(tag);
  const builderFlag = args.flags.get('builder')?.at(-1);
  const builder = builderFlag === undefined ? undefined : oneOf('builder', builderFlag, ['classic', 'buildkit'] as const, 'classic');
  const buildArgs = buildArgsOf(args.flags.get('build-arg'));

  let engine;
  try {
    engine = openEngine({ hostSetting: args.flags.get('host')?.at(-1) });
  } catch (error) {
    process.stderr.write(`layerwise: ${(error as Error).message}\n`);
    return 2;
  }
  const dockerCli = findDockerCli();
  if (builder === 'buildkit' && !dockerCli) {
    process.stderr.write('layerwise: --builder buildkit needs the docker CLI on PATH (the Engine API builds classic)\n');
    return 2;
  }
  const result = await buildAndRecord(
    {
      dockerfile,
      context,
      tag,
      target: args.flags.get('target')?.at(-1),
      buildArgs: Object.keys(buildArgs).length ? buildArgs : undefined,
      builder,
      onLog: (line) => process.stderr.write(line + '\n'),
    },
    engine.streaming,
    { dockerCli, endpoint: engine.endpoint, preferApi: !dockerCli },
  );
  if (!result.ok) {
    const where = result.failedLine !== undefined ? ` (line ${result.failedLine})` : '';
    process.stderr.write(`layerwise: build failed${where}: ${result.message ?? 'unknown error'}\n`);
    return 1;
  }
  const lines = result.record ? describeRecord(result.record) : [];
  process.stdout.write([`built ${result.tag} ${result.imageId ?? ''}`.trim(), ...lines].join('\n') + '\n');
  return 0;
}
