// Bake files (docker-bake.hcl, docker-bake.json and their .override files): each target is an invocation of its
// Dockerfile, with `context`, `dockerfile`, `target`, `args` and `tags`, after `inherits` (parents first, the
// target's own attributes winning, `args` merged key by key, as Bake resolves them). Values Bake would have to
// evaluate (variables, `${…}`, functions) are left out; a target whose Dockerfile or context is one of them, or
// whose context is remote or another target, or that builds an inline Dockerfile, is passed over.
import * as path from 'node:path';
import { InvocationFileError, type Invocation } from './invocation';
import { readBakeHcl } from './bakeHcl';

export const BAKE_FILES = ['docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.json', 'docker-bake.override.hcl'];

type Target = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const plain = (value: unknown): string | undefined => (typeof value === 'string' && !value.includes('${') ? value : undefined);
/** Bake passes a number or boolean arg as its text. */
const argValue = (value: unknown): string | undefined =>
  typeof value === 'number' || typeof value === 'boolean' ? String(value) : plain(value);

/** The target with what it inherits folded in; cycles and unknown parents are ignored. */
function resolve(name: string, targets: Record<string, unknown>, seen: Set<string> = new Set()): Target | undefined {
  const own = targets[name];
  if (!isRecord(own) || seen.has(name)) return undefined;
  seen.add(name);
  let merged: Target = {};
  const parents = Array.isArray(own.inherits) ? own.inherits : [];
  for (const parent of parents) {
    const resolved = typeof parent === 'string' ? resolve(parent, targets, new Set(seen)) : undefined;
    if (resolved)
      merged = {
        ...merged,
        ...resolved,
        args: { ...(isRecord(merged.args) ? merged.args : {}), ...(isRecord(resolved.args) ? resolved.args : {}) },
      };
  }
  const args = { ...(isRecord(merged.args) ? merged.args : {}), ...(isRecord(own.args) ? own.args : {}) };
  return { ...merged, ...own, args };
}

/** `definedIn`: target name → the file that first defines it (Bake files of one folder are read as one). */
function bakeInvocations(file: string, root: unknown, definedIn: Map<string, string> = new Map()): Invocation[] {
  if (!isRecord(root) || !isRecord(root.target)) return [];
  const dir = path.dirname(path.resolve(file));
  const invocations: Invocation[] = [];
  for (const name of Object.keys(root.target)) {
    const target = resolve(name, root.target);
    if (!target || target['dockerfile-inline'] !== undefined) continue;
    const contextText = target.context === undefined ? '.' : plain(target.context);
    if (contextText === undefined || /^[a-z]+:\/\//i.test(contextText) || contextText.startsWith('target:')) continue;
    const context = path.resolve(dir, contextText);
    // null: a value Bake evaluates (not the default).
    const dockerfileText = target.dockerfile === undefined ? 'Dockerfile' : plain(target.dockerfile);
    if (dockerfileText === undefined) continue;
    const args: Record<string, string> = {};
    if (isRecord(target.args)) for (const [arg, value] of Object.entries(target.args)) args[arg] = argValue(value) ?? '';
    invocations.push({
      source: `${path.basename(definedIn.get(name) ?? file)}#${name}`,
      dockerfile: path.resolve(context, dockerfileText),
      context,
      target: plain(target.target),
      args,
      images: Array.isArray(target.tags) ? target.tags.map(plain).filter((t): t is string => !!t) : [],
    });
  }
  return invocations;
}

function readRoot(file: string, text: string): unknown {
  try {
    return file.endsWith('.hcl') ? readBakeHcl(text) : JSON.parse(text);
  } catch (error) {
    throw new InvocationFileError(`${file}: ${(error as Error).message}`);
  }
}

export function parseBakeJson(file: string, text: string): Invocation[] {
  return bakeInvocations(file, readRoot(file, text));
}

export function parseBakeHcl(file: string, text: string): Invocation[] {
  return bakeInvocations(file, readRoot(file, text));
}

/**
 * The Bake files of one folder, in BAKE_FILES order, read as `docker buildx bake` reads them by default: as one
 * definition, a later file's target attributes overriding an earlier one's (args key by key). So an override
 * file that only adds tags adds them to the main file's target, rather than being a target of its own.
 */
export function parseBakeFiles(inputs: readonly { file: string; text: string }[]): Invocation[] {
  if (inputs.length === 0) return [];
  const targets: Record<string, Target> = {};
  const definedIn = new Map<string, string>();
  for (const { file, text } of inputs) {
    const root = readRoot(file, text);
    if (!isRecord(root) || !isRecord(root.target)) continue;
    for (const [name, target] of Object.entries(root.target)) {
      if (!isRecord(target)) continue;
      const earlier = targets[name] ?? {};
      const args = { ...(isRecord(earlier.args) ? earlier.args : {}), ...(isRecord(target.args) ? target.args : {}) };
      targets[name] = { ...earlier, ...target, args };
      if (!definedIn.has(name)) definedIn.set(name, file);
    }
  }
  return bakeInvocations(inputs[0].file, { target: targets }, definedIn);
}
