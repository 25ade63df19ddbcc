// The invocations of one Dockerfile: the Compose, Bake and dev container files in its folder and above (up to the repository
// root, the folder with `.git`) that build it. A build file that cannot be read is passed over (`onError`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readWorkspaceText, LIMITS } from '../fs/readWorkspaceFile';
import { COMPOSE_FILES, parseComposeFile } from './compose';
import { BAKE_FILES, parseBakeFile } from './bake';
import { DEVCONTAINER_FILES, parseDevcontainer } from './devcontainer';
import type { Invocation } from './invocation';

const PARSERS: [string[], (file: string, text: string) => Invocation[]][] = [
  [COMPOSE_FILES, parseComposeFile],
  [BAKE_FILES, parseBakeFile],
  [DEVCONTAINER_FILES, parseDevcontainer],
];

interface BuildFile {
  file: string;
  parse: (file: string, text: string) => Invocation[];
}

/** Build files from `dir` up to the repository root, nearest first. */
export function buildFilesAbove(dir: string): BuildFile[] {
  const files: BuildFile[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const [names, parse] of PARSERS)
      for (const name of names) if (fs.existsSync(path.join(current, name))) files.push({ file: path.join(current, name), parse });
    if (path.dirname(current) === current || fs.existsSync(path.join(current, '.git'))) return files;
  }
}

export function invocationsOf(dockerfile: string, onError?: (message: string) => void): Invocation[] {
  const target = path.resolve(dockerfile);
  const found: Invocation[] = [];
  for (const { file, parse } of buildFilesAbove(path.dirname(target))) {
    try {
      found.push(...parse(file, readWorkspaceText(file, LIMITS.config)).filter((i) => i.dockerfile === target));
    } catch (error) {
      onError?.((error as Error).message);
    }
  }
  return found;
}

/** The image a person would look for first: the first invocation's first tag. */
export function invokedImage(dockerfile: string): string | undefined {
  return invocationsOf(dockerfile).find((i) => i.images.length)?.images[0];
}
