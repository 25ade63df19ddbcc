// What differs between two images' filesystems: checked against what may differ (the harness and the
// safe-class check), and summarised by folder for a person (the proof report).
import type { FsEntry, FsMap } from './filesystem';

/** `path` is `prefix` or inside it. */
export function isUnder(path: string, prefix: string): boolean {
  const p = prefix.replace(/\/+$/, '') || '/';
  return p === '/' || path === p || path.startsWith(`${p}/`);
}

/**
 * Files whose bytes differ between any two builds of the same Dockerfile (timestamps inside logs,
 * debconf's and dpkg's backups, ldconfig's inode cache, npm's debug logs, byte-compiled Python with
 * build-time mtimes). Their presence, type, mode and owner are still compared; their content is not.
 */
export const VOLATILE: readonly RegExp[] = [
  /^\/var\/log\//,
  /^\/var\/cache\/debconf\//,
  /^\/var\/lib\/dpkg\/[^/]*-old$/,
  /^\/var\/cache\/ldconfig\/aux-cache$/,
  /^\/root\/\.npm\/_logs\//,
  /\/__pycache__\/[^/]+\.pyc$/,
];

export const isVolatile = (path: string): boolean => VOLATILE.some((v) => v.test(path));

export interface FsExpectation {
  /** Prefixes the fix may remove or change (caches, lists, the junk, the toolchain). */
  removable: readonly string[];
  /** Exact paths the fix may remove or change (the files of packages it no longer installs). */
  removablePaths?: ReadonlySet<string>;
  /** Paths inside `removable` that must nevertheless stay identical (the artifact of a multi-stage build). */
  keep?: readonly string[];
  /** Prefixes where the fixed image may have new entries (the runtime stage's own base). */
  mayAdd?: readonly string[];
}

export interface FsDiff {
  problems: string[];
  /** Bytes of file content the fixed image no longer has, within the removable paths. */
  removedBytes: number;
  removedEntries: number;
}

function describe(e: FsEntry): string {
  return `${e.type} ${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.size}B ${e.digest.slice(0, 12)}`;
}

export function sameEntry(a: FsEntry, b: FsEntry, volatile: boolean): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return false;
  return volatile || (a.size === b.size && a.digest === b.digest);
}

export function diffFilesystems(before: FsMap, after: FsMap, expect: FsExpectation): FsDiff {
  const problems: string[] = [];
  const removable = (p: string) =>
    (expect.removablePaths?.has(p) || expect.removable.some((r) => isUnder(p, r))) &&
    !(expect.keep ?? []).some((k) => isUnder(p, k) || isUnder(k, p));
  let removedBytes = 0;
  let removedEntries = 0;
  for (const [path, a] of before) {
    const b = after.get(path);
    if (removable(path)) {
      if (!b) {
        removedBytes += a.size;
        removedEntries++;
      }
      continue;
    }
    if (!b) {
      problems.push(`missing after the fix: ${path} (${describe(a)})`);
      continue;
    }
    if (!sameEntry(a, b, isVolatile(path))) problems.push(`changed by the fix: ${path}: ${describe(a)} → ${describe(b)}`);
  }
  for (const [path, b] of after) {
    if (before.has(path) || removable(path) || (expect.mayAdd ?? []).some((m) => isUnder(path, m))) continue;
    problems.push(`new after the fix: ${path} (${describe(b)})`);
  }
  return { problems, removedBytes, removedEntries };
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FolderChange {
  /** The folder, `depth` levels deep (`/usr/share`), or the path itself when it is shallower. */
  folder: string;
  kind: ChangeKind;
  entries: number;
  /** File bytes added, removed, or the growth (negative: shrink) of changed files. */
  bytes: number;
  /** Up to three example paths. */
  examples: string[];
}

export interface ChangeSummary {
  added: number;
  removed: number;
  changed: number;
  /** Largest folders first (by bytes, then entries). */
  folders: FolderChange[];
  /** Entries the summary left out because `ignore` accepted them (caches, lists). */
  ignored: number;
}

function folderOf(path: string, depth: number): string {
  const parts = path.split('/').filter(Boolean);
  return `/${parts.slice(0, Math.min(depth, Math.max(parts.length - 1, 1))).join('/')}`;
}

/** Added/removed/changed paths grouped by their folder `depth` levels deep; volatile files count only when their type, mode or owner changed. */
export function summarizeChanges(before: FsMap, after: FsMap, ignore: (path: string) => boolean = () => false, depth = 2): ChangeSummary {
  const groups = new Map<string, FolderChange>();
  const summary: ChangeSummary = { added: 0, removed: 0, changed: 0, folders: [], ignored: 0 };
  const note = (path: string, kind: ChangeKind, bytes: number) => {
    if (ignore(path)) {
      summary.ignored++;
      return;
    }
    summary[kind]++;
    const folder = folderOf(path, depth);
    const key = `${kind} ${folder}`;
    const group = groups.get(key) ?? { folder, kind, entries: 0, bytes: 0, examples: [] };
    group.entries++;
    group.bytes += bytes;
    if (group.examples.length < 3) group.examples.push(path);
    groups.set(key, group);
  };
  for (const [path, a] of before) {
    const b = after.get(path);
    if (!b) note(path, 'removed', a.size);
    else if (!sameEntry(a, b, isVolatile(path))) note(path, 'changed', b.size - a.size);
  }
  for (const [path, b] of after) if (!before.has(path)) note(path, 'added', b.size);
  summary.folders = [...groups.values()].sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes) || y.entries - x.entries);
  return summary;
}
