// The `.dockerignore` that applies to a Dockerfile, as BuildKit picks it: `<Dockerfile>.dockerignore` next to
// the Dockerfile first, else `.dockerignore` in its folder (taken as the build context). Cached by modification
// time, since the language server asks on every analysis.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DockerignoreFile {
  file: string;
  /** Pattern lines, comments and blank lines removed. */
  patterns: string[];
}

export function parseDockerignore(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

const cache = new Map<string, { mtimeMs: number; size: number; loaded: DockerignoreFile }>();

export function loadDockerignore(dockerfile: string): DockerignoreFile | undefined {
  const candidates = [`${dockerfile}.dockerignore`, path.join(path.dirname(dockerfile), '.dockerignore')];
  for (const file of candidates) {
    let stat: fs.Stats;
    try { stat = fs.statSync(file); } catch { continue; }
    if (!stat.isFile()) continue;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.loaded;
    try {
      const loaded = { file, patterns: parseDockerignore(fs.readFileSync(file, 'utf8')) };
      cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
      return loaded;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
