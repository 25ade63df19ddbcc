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

/** Build files from `dir` up to the repository root, nearest first. */
export function buildFilesAbove(dir: string): BuildFile[] {
  const found: BuildFile[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const [names, how, parse] of PARSERS) {
      const files = names.map((name) => path.join(current, name)).filter((file) => fs.existsSync(file));
      if (how === 'together' && files.length) found.push({ files, parse });
      else for (const file of files) found.push({ files: [file], parse });
    }
    if (path.dirname(current) === current || fs.existsSync(path.join(current, '.git'))) return found;
  }
}

export function invocationsOf(dockerfile: string, onError?: (message: string) => void): Invocation[] {
  const target = path.resolve(dockerfile);
  const found: Invocation[] = [];
  for (const { files, parse } of buildFilesAbove(path.dirname(target))) {
    try {
      const inputs = files.map((file) => ({ file, text: readWorkspaceText(file, LIMITS.config) }));
      found.push(...parse(inputs).filter((i) => i.dockerfile === target));
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
