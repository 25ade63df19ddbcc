// Finds and reads the `.hadolint.yaml` that applies to a Dockerfile, as hadolint does: the nearest one in
// the Dockerfile's folder or above, else the user's `$XDG_CONFIG_HOME/hadolint.yaml` (~/.config).
// Cached by path and modification time: the language server asks on every analysis. Read through
// readWorkspaceFile: a FIFO or a link to /dev/zero (a clone can bring either) is reported, never read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LintConfig, parseHadolintConfig } from './hadolintConfig';
import { checkWorkspaceFile, readWorkspaceText, LIMITS, WorkspaceFileError } from '../fs/readWorkspaceFile';

const NAMES = ['.hadolint.yaml', '.hadolint.yml'];

export interface LoadedConfig {
  config?: LintConfig;
  /** The config file, when one was found. */
  file?: string;
  problems: string[];
}

function userConfigFiles(): string[] {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return [path.join(base, 'hadolint.yaml'), path.join(base, 'hadolint.yml')];
}

/**
 * The nearest config file from the Dockerfile's folder up. `seen` (folder → its answer) keeps the answers of one
 * command-line run, where many Dockerfiles share folders; the language server asks afresh (files change under it).
 */
export function findHadolintConfig(dockerfile: string, seen?: Map<string, string | undefined>): string | undefined {
  const walked: string[] = [];
  let found: string | undefined;
  let dir = path.dirname(path.resolve(dockerfile));
  search: for (;;) {
    if (seen?.has(dir)) {
      found = seen.get(dir);
      break;
    }
    walked.push(dir);
    for (const name of NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) {
        found = candidate;
        break search;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      found = userConfigFiles().find((f) => fs.existsSync(f));
      break;
    }
    dir = parent;
  }
  for (const folder of walked) seen?.set(folder, found);
  return found;
}

const cache = new Map<string, { mtimeMs: number; size: number; ino: number; loaded: LoadedConfig }>();

export function loadLintConfig(dockerfile: string, seen?: Map<string, string | undefined>): LoadedConfig {
  const file = findHadolintConfig(dockerfile, seen);
  if (!file) return { problems: [] };
  try {
    const stat = checkWorkspaceFile(file, LIMITS.config);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && cached.ino === stat.ino) return cached.loaded;
    const { config, problems } = parseHadolintConfig(readWorkspaceText(file, LIMITS.config), file);
    const loaded = { config, file, problems };
    cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino, loaded });
    return loaded;
  } catch (error) {
    cache.delete(file);
    return { file, problems: [`cannot read: ${error instanceof WorkspaceFileError ? error.detail : (error as Error).message}`] };
  }
}
