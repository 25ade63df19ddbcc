// ShellCheck's results kept between runs, in a folder the caller names (the CLI: its user cache folder), so a
// second `lint` over unchanged RUNs (pre-commit hooks, CI re-runs) starts no shellcheck. One small file per
// script, named by a digest of all that decides the result: the binary (resolved path, size, modification time),
// its arguments and the script's text. Files are written whole and renamed into place, so threads and processes
// share the folder without locks. Bounded: past MAX_ENTRIES per binary the oldest go, and only the
// MAX_BINARIES most recently used binaries keep results. An optimisation only: a missing, broken or unwritable
// cache changes nothing but the time.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ShellcheckComment } from './runner';

// About 4 KB on disk each (a file system block): some 40 MB at most.
export const MAX_ENTRIES = 10_000;
export const MAX_BINARIES = 4;
/** Part of every key: a change to what is stored makes old entries unreachable. */
const FORMAT = 'layerwise-shellcheck-results-1';

let folder: string | undefined;
/** Folders this thread has trimmed already (once per run is enough). */
const trimmed = new Set<string>();

/** Keep results in `dir` from now on (undefined: keep none). */
export function useResultCache(dir: string | undefined): void {
  folder = dir;
}

export interface ResultCache {
  get(script: string): ShellcheckComment[] | undefined;
  set(script: string, comments: readonly ShellcheckComment[]): void;
}

/** The cache for this binary run with these arguments; undefined when none is in use or the binary is not found. */
export function resultCacheFor(binary: string, args: readonly string[]): ResultCache | undefined {
  if (!folder) return undefined;
  const identity = binaryIdentity(binary);
  if (!identity) return undefined;
  const key = digest([FORMAT, identity, ...args].join('\0')).slice(0, 24);
  return new FolderCache(path.join(folder, key), key);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What identifies a binary's version without running it: its resolved file, size and modification time. */
function binaryIdentity(binary: string): string | undefined {
  const file = resolveBinary(binary);
  if (!file) return undefined;
  try {
    const real = fs.realpathSync(file);
    const stat = fs.statSync(real);
    return `${real}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** A name with no folder is looked up on PATH (with PATHEXT's extensions on Windows), as execFile would. */
function resolveBinary(binary: string): string | undefined {
  if (binary.includes('/') || binary.includes(path.sep)) return path.resolve(binary);
  const extensions = process.platform === 'win32' ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, binary + extension);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}

class FolderCache implements ResultCache {
  constructor(
    private readonly dir: string,
    private readonly key: string,
  ) {}

  private fileOf(script: string): string {
    return path.join(this.dir, `${digest(script).slice(0, 40)}.json`);
  }

  get(script: string): ShellcheckComment[] | undefined {
    try {
      const comments: unknown = JSON.parse(fs.readFileSync(this.fileOf(script), 'utf8'));
      return Array.isArray(comments) ? (comments as ShellcheckComment[]) : undefined;
    } catch {
      return undefined;
    }
  }

  set(script: string, comments: readonly ShellcheckComment[]): void {
    try {
      if (!trimmed.has(this.dir)) {
        trimmed.add(this.dir);
        this.startWriting();
      }
      const file = this.fileOf(script);
      // Unique among processes and this process's threads.
      const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(comments));
      fs.renameSync(temporary, file);
    } catch {
      // A read-only or full disk: the next run checks this script again.
    }
  }

  /** Before the first write of a run: make the folder, and trim what is kept (this binary's entries, old binaries). */
  private startWriting(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const now = new Date();
    fs.utimesSync(this.dir, now, now);
    const parent = path.dirname(this.dir);
    const binaries = fs
      .readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== this.key)
      .map((entry) => ({ dir: path.join(parent, entry.name), used: fs.statSync(path.join(parent, entry.name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const old of binaries.slice(MAX_BINARIES - 1)) fs.rmSync(old.dir, { recursive: true, force: true });
    const entries = fs.readdirSync(this.dir);
    if (entries.length < MAX_ENTRIES) return;
    // (One run may write past the bound; the next run's first write trims it.)
    // Oldest first, down to three quarters of the bound, so this is seldom done.
    const dated = entries
      .map((name) => {
        try {
          return { name, written: fs.statSync(path.join(this.dir, name)).mtimeMs };
        } catch {
          return { name, written: 0 };
        }
      })
      .sort((a, b) => a.written - b.written);
    for (const { name } of dated.slice(0, entries.length - Math.floor((MAX_ENTRIES * 3) / 4)))
      fs.rmSync(path.join(this.dir, name), { force: true });
  }
}
