// Builds throwaway images for the engine tests with a real engine, with either builder, through the docker
// client on PATH that has BuildKit (test/helpers/dockerCli.ts). Every call takes the engine (engineMatrix.ts;
// default: the one the product resolves). Tags start with `layerwise-test-engine-` and `removeTestImages()`
// deletes them from the engine they were built in (never the base images).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { dockerCli } from '../helpers/dockerCli';
import { curlArgs, hostEngine, type Builder, type TestEngine } from './engineMatrix';

export type { Builder } from './engineMatrix';
export const TAG_PREFIX = 'layerwise-test-engine-';
const run = promisify(execFile);

/** A temp build context with these files (relative path → content). */
export function makeContext(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-engine-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Tag → the engine it was built in. */
// Keyed by engine and tag: a test may remember the same tag in two engines (one to check it is absent there).
const created = new Map<string, { tag: string; engine: TestEngine }>();

export function uniqueTag(name: string): string {
  return `${TAG_PREFIX}${name}:${process.pid}-${Date.now().toString(36)}`;
}

/** Builds `context/Dockerfile` (or `dockerfile`) and returns the tag; throws with the build log on failure. */
export async function buildImage(
  builder: Builder,
  context: string,
  tag: string,
  extra: string[] = [],
  dockerfile = 'Dockerfile',
  engine: TestEngine = hostEngine(),
): Promise<string> {
  const args = ['build', '-q', '-f', path.join(context, dockerfile), '-t', tag, ...extra, context];
  try {
    await run(dockerCli(), args, { env: { ...engine.env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }, maxBuffer: 16 << 20 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`[${engine.name}] ${builder} build of ${tag} failed: ${e.stderr || e.stdout || e.message}`);
  }
  created.set(`${engine.name}\0${tag}`, { tag, engine });
  return tag;
}

export async function docker(args: string[], engine: TestEngine = hostEngine()): Promise<string> {
  const { stdout } = await run(dockerCli(), args, { env: engine.env, maxBuffer: 16 << 20 });
  return stdout;
}

/** The image's history from the Engine API through curl (not dockerode): newest first, sizes in bytes. */
export async function cliHistory(tag: string, engine: TestEngine = hostEngine()): Promise<{ createdBy: string; size: number }[]> {
  const id = (await docker(['image', 'inspect', '--format', '{{.Id}}', tag], engine)).trim();
  const { stdout } = await run('curl', curlArgs(engine, `/images/${encodeURIComponent(id)}/history`));
  return (JSON.parse(stdout) as { CreatedBy: string; Size: number }[]).map((h) => ({ createdBy: h.CreatedBy, size: h.Size }));
}

export function rememberImage(tag: string, engine: TestEngine = hostEngine()): void {
  created.set(`${engine.name}\0${tag}`, { tag, engine });
}

export async function removeTestImages(): Promise<void> {
  for (const { tag, engine } of created.values()) {
    if (!tag.startsWith(TAG_PREFIX)) continue;
    await docker(['rmi', '-f', tag], engine).catch(() => undefined);
  }
  created.clear();
}
