// What may differ between the image of the original Dockerfile and that of the fixed one: only the paths
// the fix is meant to remove (caches, lists, junk, a toolchain) and the config fields a fixture names.
import { isDeepStrictEqual } from 'node:util';
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

function sameEntry(a: FsEntry, b: FsEntry, volatile: boolean): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return false;
  return volatile || (a.size === b.size && a.digest === b.digest);
}

export function diffFilesystems(before: FsMap, after: FsMap, expect: FsExpectation): FsDiff {
  const problems: string[] = [];
  const removable = (p: string) => (expect.removablePaths?.has(p) || expect.removable.some((r) => isUnder(p, r)))
    && !(expect.keep ?? []).some((k) => isUnder(p, k) || isUnder(k, p));
  let removedBytes = 0;
  let removedEntries = 0;
  for (const [path, a] of before) {
    const b = after.get(path);
    if (removable(path)) {
      if (!b) { removedBytes += a.size; removedEntries++; }
      continue;
    }
    if (!b) { problems.push(`missing after the fix: ${path} (${describe(a)})`); continue; }
    if (!sameEntry(a, b, VOLATILE.some((v) => v.test(path)))) problems.push(`changed by the fix: ${path}: ${describe(a)} → ${describe(b)}`);
  }
  for (const [path, b] of after) {
    if (before.has(path) || removable(path) || (expect.mayAdd ?? []).some((m) => isUnder(path, m))) continue;
    problems.push(`new after the fix: ${path} (${describe(b)})`);
  }
  return { problems, removedBytes, removedEntries };
}

/** Config fields a fix must not change (unless the fixture says why it may). */
export const CONFIG_FIELDS = ['Entrypoint', 'Cmd', 'Env', 'User', 'WorkingDir', 'ExposedPorts', 'Labels'] as const;

export function diffConfig(before: Record<string, unknown>, after: Record<string, unknown>, mayDiffer: Readonly<Record<string, string>> = {}): string[] {
  const problems: string[] = [];
  for (const field of CONFIG_FIELDS) {
    if (field in mayDiffer) continue;
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (!isDeepStrictEqual(a, b)) problems.push(`config ${field} changed: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  }
  return problems;
}
