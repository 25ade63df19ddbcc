// Which `.dockerignore` applies to a build, and its patterns. Checked against real builds
// (test/engine/buildContext.test.ts): BuildKit takes `<Dockerfile name>.dockerignore` beside the Dockerfile
// first, else `.dockerignore` at the context root; the classic builder reads only the context root's.
// Read through readWorkspaceFile (a FIFO or a symlink to /dev/zero is refused, not read) and cached by
// modification time, since the language server asks on every analysis.
import * as path from 'node:path';
import { checkWorkspaceFile, readWorkspaceText, LIMITS, WorkspaceFileError } from '../fs/readWorkspaceFile';

export type Builder = 'buildkit' | 'classic';

export interface DockerignoreFile {
  file: string;
  /** Pattern lines, comments and blank lines removed. */
  patterns: string[];
  /** Why the file could not be read (then `patterns` is empty): it exists but is not a sane regular file. */
  problem?: string;
}

export interface IgnoreFileQuery {
  /** The Dockerfile of the build: its own ignore file wins under BuildKit. */
  dockerfile?: string;
  /** Default BuildKit, Docker's default builder. */
  builder?: Builder;
}

/** Docker's reading: a comment is a line whose first character is `#`; patterns are trimmed. */
export function parseDockerignore(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => !l.startsWith('#')).map((l) => l.trim()).filter((l) => l !== '');
}

/** The ignore files that could apply, in the order the builder looks for them. */
export function ignoreFileCandidates(contextRoot: string, query: IgnoreFileQuery = {}): string[] {
  const own = query.dockerfile && (query.builder ?? 'buildkit') === 'buildkit' ? [`${query.dockerfile}.dockerignore`] : [];
  return [...own, path.join(contextRoot, '.dockerignore')];
}

const cache = new Map<string, { mtimeMs: number; size: number; ino: number; loaded: DockerignoreFile }>();

/** The ignore file that applies, or undefined when there is none. */
export function findIgnoreFile(contextRoot: string, query: IgnoreFileQuery = {}): DockerignoreFile | undefined {
  for (const file of ignoreFileCandidates(contextRoot, query)) {
    try {
      const stat = checkWorkspaceFile(file, LIMITS.dockerignore);
      const cached = cache.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size && cached.ino === stat.ino) return cached.loaded;
      const loaded = { file, patterns: parseDockerignore(readWorkspaceText(file, LIMITS.dockerignore)) };
      if (cache.size >= 256) cache.clear();
      cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino, loaded });
      return loaded;
    } catch (error) {
      if (error instanceof WorkspaceFileError && error.problem === 'missing') continue;
      // It exists, so it is the one the builder would use: say why it was not read rather than use another.
      cache.delete(file);
      return { file, patterns: [], problem: (error as Error).message };
    }
  }
  return undefined;
}
