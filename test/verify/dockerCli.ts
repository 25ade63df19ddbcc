// The real engine through the docker client on PATH that has BuildKit (test/helpers/dockerCli.ts), at the
// engine the product resolves (DOCKER_HOST honoured). Builds run with both builders; their output is kept so the cache check
// can read which steps were taken from the cache.
import { spawn } from 'node:child_process';

export { dockerCli } from '../helpers/dockerCli';
import { dockerCli } from '../helpers/dockerCli';
export const TAG_PREFIX = 'layerwise-test-verify-';

export type Builder = 'classic' | 'buildkit';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI; never throws for a non-zero exit (callers decide what a failure means). */
export function docker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(dockerCli(), args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

export interface BuildResult {
  ok: boolean;
  log: string;
  seconds: number;
}

/** Builds `dockerfile` (a path inside or outside the context) into `tag`. */
export async function build(builder: Builder, context: string, dockerfile: string, tag: string): Promise<BuildResult> {
  const start = Date.now();
  const args = ['build', '--label', 'layerwise-test=verify-fixes', '-f', dockerfile, '-t', tag];
  if (builder === 'buildkit') args.push('--progress=plain');
  args.push(context);
  const result = await docker(args, { DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' });
  // BuildKit writes its progress to stderr, the classic builder to stdout.
  return { ok: result.code === 0, log: `${result.stdout}${result.stderr}`, seconds: (Date.now() - start) / 1000 };
}

// Whether a step was taken from the cache, read from the build log (shared with `fix --prove`).
export { stepCached } from '../../server/src/core/proof/cacheReuse';

export interface ImageFacts {
  id: string;
  size: number;
  layers: number;
  config: Record<string, unknown>;
}

export async function inspectImage(tag: string): Promise<ImageFacts> {
  const result = await docker(['image', 'inspect', tag]);
  if (result.code !== 0) throw new Error(`docker image inspect ${tag} failed: ${result.stderr.trim()}`);
  const [info] = JSON.parse(result.stdout) as {
    Id: string;
    Size: number;
    RootFS?: { Layers?: string[] };
    Config: Record<string, unknown>;
  }[];
  return { id: info.Id, size: info.Size, layers: info.RootFS?.Layers?.length ?? 0, config: info.Config ?? {} };
}

/** The image ID `tag` names; undefined when there is no such image. */
export async function imageId(tag: string): Promise<string | undefined> {
  const result = await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Runs the image's own command (or `command`) without network and returns what it printed. */
export async function runImage(tag: string, command: string[] = []): Promise<CommandResult> {
  return docker(['run', '--rm', '--network', 'none', tag, ...command]);
}

/**
 * Keeps the image `tag` names under `anchor` after the run. The classic builder's cache is the images themselves
 * (removing a fixture's image removes the steps it could reuse), so without this every run rebuilds each classic
 * fixture from its base; BuildKit keeps its cache apart from the images. The image the anchor named before goes
 * when nothing else names it.
 */
export async function keepForClassicCache(tag: string, anchor: string): Promise<void> {
  const id = async (ref: string) => {
    const r = await docker(['image', 'inspect', '--format', '{{.Id}}', ref]);
    return r.code === 0 ? r.stdout.trim() : undefined;
  };
  const [before, now] = [await id(anchor), await id(tag)];
  if (!now || before === now) return;
  await docker(['tag', tag, anchor]);
  if (before) await docker(['image', 'rm', before]);
}

/** The tag that keeps `fixture`'s `which` image for the classic builder's cache (see keepForClassicCache). */
export function classicCacheTag(fixture: string, which: string): string {
  return `${TAG_PREFIX}cache:${fixture}-${which}`;
}

export async function removeImages(tags: readonly string[]): Promise<void> {
  for (const tag of tags) await docker(['image', 'rm', '--force', tag]);
}
