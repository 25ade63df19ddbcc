// Compose files (compose.yaml, docker-compose.yml): each service with a `build` is an invocation of its
// Dockerfile. `build: DIR` or `build: {context, dockerfile, target, args}`; args as a map or a `K=V` list. The
// image is `image:` when set, else the name Compose gives it (`<project>-<service>`). Values that need Compose's
// variable interpolation (`${…}`) are left out rather than guessed.
import * as path from 'node:path';
import { parse } from 'yaml';
import { InvocationFileError, type Invocation } from './invocation';

export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const plain = (value: unknown): string | undefined =>
  (typeof value === 'string' || typeof value === 'number') && !String(value).includes('$') ? String(value) : undefined;

/** Compose's project name from a folder: lower case, only [a-z0-9_-]. */
export function composeProjectName(dir: string): string {
  return path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '');
}

function buildArgs(args: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (Array.isArray(args)) {
    for (const item of args) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      // `- NAME` passes the variable from Compose's environment: the name is known, the value is not.
      if (eq === -1) result[item] = '';
      else if (!item.slice(eq + 1).includes('$')) result[item.slice(0, eq)] = item.slice(eq + 1);
      else result[item.slice(0, eq)] = '';
    }
  } else if (isRecord(args)) {
    for (const [name, value] of Object.entries(args)) result[name] = value === null ? '' : (plain(value) ?? '');
  }
  return result;
}

export function parseComposeFile(file: string, text: string): Invocation[] {
  let root: unknown;
  try {
    root = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new InvocationFileError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(root) || !isRecord(root.services)) return [];
  const dir = path.dirname(path.resolve(file));
  const project = plain(root.name) ?? composeProjectName(dir);
  const invocations: Invocation[] = [];
  for (const [service, definition] of Object.entries(root.services)) {
    if (!isRecord(definition) || definition.build === undefined) continue;
    const build = typeof definition.build === 'string' ? { context: definition.build } : definition.build;
    if (!isRecord(build)) continue;
    const contextText = plain(build.context ?? '.');
    // A remote context (git URL) has no Dockerfile here.
    if (contextText === undefined || /^[a-z]+:\/\//i.test(contextText) || contextText.startsWith('git@')) continue;
    const context = path.resolve(dir, contextText);
    const dockerfileText = plain(build.dockerfile ?? 'Dockerfile');
    if (dockerfileText === undefined) continue;
    const image = plain(definition.image);
    invocations.push({
      source: `${path.basename(file)}#${service}`,
      dockerfile: path.resolve(context, dockerfileText),
      context,
      target: plain(build.target),
      args: buildArgs(build.args),
      images: [image ?? `${project}-${service}`],
    });
  }
  return invocations;
}
