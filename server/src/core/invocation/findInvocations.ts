// The invocations of one Dockerfile: the Compose, Bake and dev container files in its folder and above (up to the repository
// root, the folder with `.git`) that build it. A build file that cannot be read is passed over (`onError`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readWorkspaceText, LIMITS } from '../fs/readWorkspaceFile';
import { COMPOSE_FILES, parseComposeFile } from './compose';
import { BAKE_FILES, parseBakeFiles } from './bake';
import { DEVCONTAINER_FILES, parseDevcontainer } from './devcontainer';
import type { Invocation } from './invocation';

type Input = { file: string; text: string };

/** Each Compose and dev container file is read alone; the Bake files of a folder together (see parseBakeFiles). */
const PARSERS: [string[], 'alone' | 'together', (inputs: Input[]) => Invocation[]][] = [
  [COMPOSE_FILES, 'alone', ([input]) => parseComposeFile(input.file, input.text)],
  [BAKE_FILES, 'together', parseBakeFiles],
  [DEVCONTAINER_FILES, 'alone', ([input]) => parseDevcontainer(input.file, input.text)],
];

interface BuildFile {
  files: string[];
  parse: (inputs: Input[]) => Invocation[];
}

/**
 * What one command-line run has found above its Dockerfiles, kept for that run (many Dockerfiles share folders;
 * each lookup checks a dozen names per folder up to the root). Not for the language server: files change under it.
 */
export interface InvocationLookups {
  /** Folder → its build files and those above it, nearest first. */
  buildFiles: Map<string, BuildFile[]>;
  /** Build files (joined by NUL) → what they invoke, or why they could not be read. */
  parsed: Map<string, Invocation[] | Error>;
}

export function newInvocationLookups(): InvocationLookups {
  return { buildFiles: new Map(), parsed: new Map() };
}

/** Build files from `dir` up to the repository root, nearest first. */
export function buildFilesAbove(dir: string, lookups?: InvocationLookups): BuildFile[] {
  const current = path.resolve(dir);
  const known = lookups?.buildFiles.get(current);
  if (known) return known;
  const found: BuildFile[] = [];
  for (const [names, how, parse] of PARSERS) {
    const files = names.map((name) => path.join(current, name)).filter((file) => fs.existsSync(file));
    if (how === 'together' && files.length) found.push({ files, parse });
    else for (const file of files) found.push({ files: [file], parse });
  }
  const top = path.dirname(current) === current || fs.existsSync(path.join(current, '.git'));
  const all = top ? found : [...found, ...buildFilesAbove(path.dirname(current), lookups)];
  lookups?.buildFiles.set(current, all);
  return all;
}

function parseBuildFiles({ files, parse }: BuildFile, lookups: InvocationLookups | undefined): Invocation[] | Error {
  const key = files.join('\0');
  let parsed = lookups?.parsed.get(key);
  if (parsed) return parsed;
  try {
    parsed = parse(files.map((file) => ({ file, text: readWorkspaceText(file, LIMITS.config) })));
  } catch (error) {
    parsed = error instanceof Error ? error : new Error(String(error));
  }
  lookups?.parsed.set(key, parsed);
  return parsed;
}

export function invocationsOf(dockerfile: string, onError?: (message: string) => void, lookups?: InvocationLookups): Invocation[] {
  const target = path.resolve(dockerfile);
  const found: Invocation[] = [];
  for (const buildFile of buildFilesAbove(path.dirname(target), lookups)) {
    const parsed = parseBuildFiles(buildFile, lookups);
    if (parsed instanceof Error) onError?.(parsed.message);
    else found.push(...parsed.filter((i) => i.dockerfile === target));
  }
  return found;
}

/** The image a person would look for first: the first invocation's first tag. */
export function invokedImage(dockerfile: string): string | undefined {
  return invocationsOf(dockerfile).find((i) => i.images.length)?.images[0];
}
