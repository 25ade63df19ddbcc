// What a build context costs, without an engine: the files `docker build` would send (honouring .dockerignore
// with Docker's matching rules, via @balena/dockerignore — a port of Docker's own fileutils matcher, `!`
// exceptions and `**` included), per COPY/ADD source how many bytes and files it takes, and the biggest
// top-level folders. The walk is bounded (files and time) and says "large" instead of freezing on a huge tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import type { DockerfileModel } from '../model/dockerfileModel';
import { copySources, sourceMatcher, type CopySource } from './copySources';

export interface ContextFile { path: string; bytes: number }

export interface ContextWalk {
  root: string;
  /** Files the build would send (context-relative, '/'-separated). */
  files: ContextFile[];
  totalBytes: number;
  /** The walk stopped early (bound reached): the figures are lower bounds. */
  large: boolean;
  stoppedBy?: 'files' | 'time';
  /** The .dockerignore used (absolute path), if any. */
  dockerignore?: string;
  /** Top-level folders by bytes sent, biggest first. */
  topFolders: { name: string; bytes: number; files: number }[];
  elapsedMs: number;
}

export interface ContextWalkOptions {
  maxFiles?: number;
  maxMs?: number;
  /** A Dockerfile-specific ignore file (`<Dockerfile>.dockerignore`, BuildKit) wins over the context's. */
  dockerfilePath?: string;
}

/** Patterns of the ignore file that applies (BuildKit's `<Dockerfile>.dockerignore` first, then `.dockerignore`). */
export function readDockerignore(root: string, dockerfilePath?: string): { file?: string; patterns: string[] } {
  const candidates = [...(dockerfilePath ? [`${dockerfilePath}.dockerignore`] : []), path.join(root, '.dockerignore')];
  for (const file of candidates) {
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    const patterns = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    return { file, patterns };
  }
  return { patterns: [] };
}

/**
 * Whether an ignored folder must still be walked because a `!` exception could bring files back inside it
 * (what Docker's own walker checks too): the exception's literal leading folders must lie on the folder's path.
 */
function exceptionPrefixes(patterns: string[]): (dir: string) => boolean {
  const literal = patterns.filter((p) => p.startsWith('!')).map((p) => {
    const clean = p.slice(1).trim().replace(/^\/+/, '');
    const glob = clean.search(/[*?[\\]/);
    return glob < 0 ? clean : clean.slice(0, clean.lastIndexOf('/', glob) + 1);
  });
  return (dir) => literal.some((prefix) => prefix === '' || prefix.startsWith(dir + '/') || (dir + '/').startsWith(prefix));
}

export async function walkContext(root: string, options: ContextWalkOptions = {}): Promise<ContextWalk> {
  const started = Date.now();
  const maxFiles = options.maxFiles ?? 100_000;
  const maxMs = options.maxMs ?? 3000;
  const { file: dockerignore, patterns } = readDockerignore(root, options.dockerfilePath);
  const matcher = ignore().add(patterns);
  const reincludable = exceptionPrefixes(patterns);
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
        if (!ignored || reincludable(rel)) pending.push(rel);
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
  const folders = new Map<string, { bytes: number; files: number }>();
  let totalBytes = 0;
  for (const f of files) {
    totalBytes += f.bytes;
    const slash = f.path.indexOf('/');
    if (slash < 0) continue;
    const name = f.path.slice(0, slash);
    const entry = folders.get(name) ?? { bytes: 0, files: 0 };
    entry.bytes += f.bytes;
    entry.files++;
    folders.set(name, entry);
  }
  const topFolders = [...folders].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  return { root, files, totalBytes, large: !!stoppedBy, stoppedBy, dockerignore, topFolders, elapsedMs: Date.now() - started };
}

export interface CopySourceCost extends CopySource {
  bytes: number;
  fileCount: number;
  /** Figures are lower bounds: the context walk stopped early. */
  large: boolean;
}

/** Per COPY/ADD of the Dockerfile, the context bytes and files its sources take (0 for --from and URLs). */
export function copySourceCosts(model: DockerfileModel, walk: ContextWalk): CopySourceCost[] {
  return copySources(model).map((source) => {
    if (!source.fromContext) return { ...source, bytes: 0, fileCount: 0, large: false };
    const matches = sourceMatcher(source.sources);
    let bytes = 0;
    let fileCount = 0;
    for (const file of walk.files) {
      if (matches(file.path)) { bytes += file.bytes; fileCount++; }
    }
    return { ...source, bytes, fileCount, large: walk.large };
  });
}

/** Walks cached per context folder; `invalidate` after a file watcher fires (debounced by the caller). */
export class ContextSizeCache {
  private readonly walks = new Map<string, Promise<ContextWalk>>();
  constructor(private readonly options: Omit<ContextWalkOptions, 'dockerfilePath'> = {}) {}

  get(root: string, dockerfilePath?: string): Promise<ContextWalk> {
    const key = `${path.resolve(root)}\0${dockerfilePath ?? ''}`;
    let walk = this.walks.get(key);
    if (!walk) {
      walk = walkContext(root, { ...this.options, dockerfilePath });
      walk.catch(() => this.walks.delete(key));
      this.walks.set(key, walk);
    }
    return walk;
  }

  /** Forget one context folder (every Dockerfile using it), or everything. */
  invalidate(root?: string): void {
    if (root === undefined) { this.walks.clear(); return; }
    const prefix = `${path.resolve(root)}\0`;
    for (const key of [...this.walks.keys()]) if (key.startsWith(prefix)) this.walks.delete(key);
  }
}
