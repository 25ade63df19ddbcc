// Dev container definitions (.devcontainer/devcontainer.json, .devcontainer.json): `build.dockerfile`,
// `build.context` (both relative to the definition's folder), `build.target` and `build.args` — and the older
// top-level `dockerFile`/`context`. The file is JSON with comments and trailing commas.
import * as path from 'node:path';
import { InvocationFileError, type Invocation } from './invocation';

export const DEVCONTAINER_FILES = ['.devcontainer/devcontainer.json', '.devcontainer.json'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const plain = (value: unknown): string | undefined => (typeof value === 'string' && !value.includes('${') ? value : undefined);

/** JSON with `//` and `/* *\/` comments and trailing commas, as plain JSON (strings left untouched). Linear. */
export function stripJsonComments(text: string): string {
  const parts: string[] = [];
  // The part holding the last comma written outside a string, while nothing but space and comments followed it.
  let pendingComma = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      parts.push(text.slice(start, i + 1));
      pendingComma = -1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      parts.push('\n');
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      parts.push(' ');
    } else if (ch === ',') {
      pendingComma = parts.push(ch) - 1;
    } else {
      if ((ch === '}' || ch === ']') && pendingComma !== -1) parts[pendingComma] = '';
      if (!/\s/.test(ch)) pendingComma = -1;
      parts.push(ch);
    }
  }
  return parts.join('');
}

export function parseDevcontainer(file: string, text: string): Invocation[] {
  let root: unknown;
  try {
    root = JSON.parse(stripJsonComments(text));
  } catch (error) {
    throw new InvocationFileError(`${file}: ${(error as Error).message}`);
  }
  if (!isRecord(root)) return [];
  const build = isRecord(root.build) ? root.build : {};
  const dockerfileText = plain(build.dockerfile ?? root.dockerFile);
  if (dockerfileText === undefined) return [];
  const dir = path.dirname(path.resolve(file));
  const contextText = plain(build.context ?? root.context ?? '.');
  if (contextText === undefined) return [];
  const args: Record<string, string> = {};
  if (isRecord(build.args)) for (const [name, value] of Object.entries(build.args)) args[name] = plain(value) ?? '';
  return [
    {
      source: path.relative(path.dirname(dir), path.resolve(file)) || path.basename(file),
      dockerfile: path.resolve(dir, dockerfileText),
      context: path.resolve(dir, contextText),
      target: plain(build.target),
      args,
      images: [],
    },
  ];
}
