// Builds throwaway images for the engine tests with the real engine, with either builder, through the
// Debian 20.10 client (/usr/bin/docker; the first `docker` on PATH has no BuildKit). Tags start with
// `layerwise-test-engine-` and `removeTestImages()` deletes them (never the base images).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const DOCKER_CLI = '/usr/bin/docker';
export const TAG_PREFIX = 'layerwise-test-engine-';
const run = promisify(execFile);
export type Builder = 'classic' | 'buildkit';

/** A temp build context with these files (relative path → content). */
export function makeContext(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-engine-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const created = new Set<string>();

export function uniqueTag(name: string): string {
  return `${TAG_PREFIX}${name}:${process.pid}-${Date.now().toString(36)}`;
}

/** Builds `context/Dockerfile` (or `dockerfile`) and returns the tag; throws with the build log on failure. */
export async function buildImage(builder: Builder, context: string, tag: string, extra: string[] = [], dockerfile = 'Dockerfile', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const args = ['build', '-q', '-f', path.join(context, dockerfile), '-t', tag, ...extra, context];
  try {
    await run(DOCKER_CLI, args, { env: { ...env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }, maxBuffer: 16 << 20 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${builder} build of ${tag} failed: ${e.stderr || e.stdout || e.message}`);
  }
  created.add(tag);
  return tag;
}

export async function docker(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { stdout } = await run(DOCKER_CLI, args, { env, maxBuffer: 16 << 20 });
  return stdout;
}

/** `docker history` through the CLI (not dockerode): newest first, sizes in bytes. */
export async function cliHistory(tag: string): Promise<{ createdBy: string; size: number }[]> {
  const out = await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
  const id = out.trim();
  const { stdout } = await run('curl', ['-s', '--unix-socket', '/var/run/docker.sock', `http://localhost/images/${id}/history`]);
  return (JSON.parse(stdout) as { CreatedBy: string; Size: number }[]).map((h) => ({ createdBy: h.CreatedBy, size: h.Size }));
}

export function rememberImage(tag: string): void { created.add(tag); }

export async function removeTestImages(): Promise<void> {
  for (const tag of created) {
    if (!tag.startsWith(TAG_PREFIX)) continue;
    await run(DOCKER_CLI, ['rmi', '-f', tag]).catch(() => undefined);
  }
  created.clear();
}
