// Bake files in JSON (docker-bake.json): each target is an invocation of its Dockerfile, with `context`,
// `dockerfile`, `target`, `args` and `tags`. (docker-bake.hcl needs an HCL reader: not read yet.)
import * as path from 'node:path';
import { InvocationFileError, type Invocation } from './invocation';

export const BAKE_FILES = ['docker-bake.json', 'docker-bake.override.json'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const plain = (value: unknown): string | undefined => (typeof value === 'string' && !value.includes('${') ? value : undefined);

export function parseBakeJson(file: string, text: string): Invocation[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new InvocationFileError(`${file}: ${(error as Error).message}`);
  }
  if (!isRecord(root) || !isRecord(root.target)) return [];
  const dir = path.dirname(path.resolve(file));
  const invocations: Invocation[] = [];
  for (const [name, target] of Object.entries(root.target)) {
    if (!isRecord(target)) continue;
    const contextText = plain(target.context ?? '.');
    if (contextText === undefined || /^[a-z]+:\/\//i.test(contextText)) continue;
    const context = path.resolve(dir, contextText);
    const dockerfileText = plain(target.dockerfile ?? 'Dockerfile');
    if (dockerfileText === undefined) continue;
    const args: Record<string, string> = {};
    if (isRecord(target.args)) for (const [arg, value] of Object.entries(target.args)) args[arg] = plain(value) ?? '';
    invocations.push({
      source: `${path.basename(file)}#${name}`,
      dockerfile: path.resolve(context, dockerfileText),
      context,
      target: plain(target.target),
      args,
      images: Array.isArray(target.tags) ? target.tags.map(plain).filter((t): t is string => !!t) : [],
    });
  }
  return invocations;
}
