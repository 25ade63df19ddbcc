// What is in a build context, for fixes that must name the files a step needs (Cargo.toml, *.csproj,
// gradle/) instead of guessing: read from disk lazily, only when a rule asks, and seen through the
// context's .dockerignore (an excluded file is not in the context, so a COPY of it would fail).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readWorkspaceText, LIMITS } from '../fs/readWorkspaceFile';
import type { DockerignoreFile } from './ignoreFile';
import { matcherFor } from './matcher';

export interface BuildContextFiles {
  /** Whether a context-relative path is a file or a folder of the context (undefined: absent or ignored). */
  kind(relativePath: string): 'file' | 'directory' | undefined;
  /** Text of a small file of the context (at most 256 KB); undefined when absent, ignored or larger. */
  read(relativePath: string): string | undefined;
  /**
   * Context-relative paths (`/`-separated, sorted) of the files whose name matches, at most `maxDepth`
   * folders below the root, without looking into VCS, dependency and build-output folders.
   */
  find(name: RegExp, maxDepth: number): string[];
}

/** Folders a project's manifests never live in, and that can be huge. */
const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', 'bin', 'obj', 'target', 'build', '.gradle', 'vendor', 'dist', 'out', '__pycache__', '.venv', 'venv']);
/** A context listing is abandoned past this many folders: a fix is not worth a slow keystroke. */
const MAX_FOLDERS = 400;
/** The server analyses on every keystroke: a listing is reused this long instead of walking the tree again. */
const LISTING_TTL_MS = 5000;
const listings = new Map<string, { at: number; files: string[] }>();

export function buildContextFiles(root: string, dockerignore?: DockerignoreFile): BuildContextFiles {
  const matcher = matcherFor(dockerignore);
  const ignored = (relative: string): boolean => matcher.ignores(relative);
  const normalize = (p: string): string => p.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  const statOf = (relative: string): fs.Stats | undefined => {
    const r = normalize(relative);
    if (r.split('/').includes('..') || ignored(r)) return undefined;
    try { return fs.statSync(path.join(root, r)); } catch { return undefined; }
  };
  return {
    kind(relative) {
      const stat = statOf(relative);
      return stat?.isFile() ? 'file' : stat?.isDirectory() ? 'directory' : undefined;
    },
    read(relative) {
      // Only regular files within the cap: a FIFO or a link to /dev/zero in the context must not block a fix.
      if (!statOf(relative)) return undefined;
      try { return readWorkspaceText(path.join(root, normalize(relative)), LIMITS.contextFile); } catch { return undefined; }
    },
    find(name, maxDepth) {
      const key = `${root}\0${name.source}\0${name.flags}\0${maxDepth}\0${dockerignore?.patterns.join('\n') ?? ''}`;
      const cached = listings.get(key);
      if (cached && Date.now() - cached.at < LISTING_TTL_MS) return [...cached.files];
      const found: string[] = [];
      let folders = 0;
      const walk = (relative: string, depth: number): void => {
        if (++folders > MAX_FOLDERS) return;
        let entries: fs.Dirent[];
        try { entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true }); } catch { return; }
        for (const entry of entries) {
          const child = relative ? `${relative}/${entry.name}` : entry.name;
          const excluded = ignored(child);
          if (entry.isFile() && !excluded && name.test(entry.name)) found.push(child);
          else if (entry.isDirectory() && (!excluded || matcher.mayReinclude(child)) && depth < maxDepth && !SKIPPED.has(entry.name)) walk(child, depth + 1);
        }
      };
      walk('', 0);
      found.sort();
      if (listings.size >= 64) listings.clear();
      listings.set(key, { at: Date.now(), files: found });
      return [...found];
    },
  };
}
