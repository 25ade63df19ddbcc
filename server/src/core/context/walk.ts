// The files a build sends: the context folder walked through the ignore file that applies. Bounded (files
// looked at and time) so a huge tree says "large" instead of freezing the language server; unbounded for
// the Engine-API build, whose tar must hold every file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findIgnoreFile, type IgnoreFileQuery } from './ignoreFile';
import { matcherFor } from './matcher';

export interface ContextFile { path: string; bytes: number }

export interface ContextWalk {
  root: string;
  /** Files the build would send (context-relative, '/'-separated): everything but folders. */
  files: ContextFile[];
  totalBytes: number;
  /** The walk stopped early (bound reached): the figures are lower bounds. */
  large: boolean;
  stoppedBy?: 'files' | 'time';
  /** The .dockerignore used (absolute path), if any. */
  dockerignore?: string;
  /** Why that .dockerignore could not be read (the walk then excludes nothing). */
  dockerignoreProblem?: string;
  /** Top-level folders by bytes sent, biggest first. */
  topFolders: { name: string; bytes: number; files: number }[];
  elapsedMs: number;
}

export interface ContextWalkOptions extends IgnoreFileQuery {
  maxFiles?: number;
  maxMs?: number;
}

export async function walkContext(root: string, options: ContextWalkOptions = {}): Promise<ContextWalk> {
  const started = Date.now();
  const maxFiles = options.maxFiles ?? 100_000;
  const maxMs = options.maxMs ?? 3000;
  const ignoreFile = findIgnoreFile(root, options);
  const matcher = matcherFor(ignoreFile);
  const files: ContextFile[] = [];
  let visited = 0;
  let stoppedBy: ContextWalk['stoppedBy'];
  const pending = [''];
  while (pending.length > 0 && !stoppedBy) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try { entries = await fs.promises.readdir(path.join(root, dir), { withFileTypes: true }); } catch { continue; }
    const sent: string[] = [];
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const ignored = matcher.ignores(rel);
      if (entry.isDirectory()) {
        if (!ignored || matcher.mayReinclude(rel)) pending.push(rel);
        continue;
      }
      if (!ignored) sent.push(rel);
      // The bound counts files looked at, sent or not, so a huge ignored tree cannot stall the walk either.
      if (++visited >= maxFiles) { stoppedBy = 'files'; break; }
    }
    // One folder's sizes at once: far faster than one lstat after another on big trees.
    const sizes = await Promise.all(sent.map((rel) => fs.promises.lstat(path.join(root, rel)).then((st) => st.size, () => -1)));
    sent.forEach((rel, i) => { if (sizes[i] >= 0) files.push({ path: rel, bytes: sizes[i] }); });
    if (!stoppedBy && Date.now() - started > maxMs) stoppedBy = 'time';
  }
  let totalBytes = 0;
  for (const f of files) totalBytes += f.bytes;
  return {
    root, files, totalBytes, large: !!stoppedBy, stoppedBy, dockerignore: ignoreFile?.file, dockerignoreProblem: ignoreFile?.problem,
    topFolders: topFolders(files), elapsedMs: Date.now() - started,
  };
}

function topFolders(files: ContextFile[]): ContextWalk['topFolders'] {
  const folders = new Map<string, { bytes: number; files: number }>();
  for (const f of files) {
    const slash = f.path.indexOf('/');
    if (slash < 0) continue;
    const name = f.path.slice(0, slash);
    const entry = folders.get(name) ?? { bytes: 0, files: 0 };
    entry.bytes += f.bytes;
    entry.files++;
    folders.set(name, entry);
  }
  return [...folders].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.bytes - a.bytes).slice(0, 5);
}
