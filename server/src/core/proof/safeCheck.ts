// The definition of a safe fix, checked: the final filesystem is identical except package-manager caches and
// lists (files the Dockerfile deletes are in neither image), the installed packages are the same, and the
// config fields are identical. Anything else means the fix changes the build.
import { CACHES } from '../packages/caches';
import { configChanges, describeConfigChange } from './config';
import { diffFilesystems } from './fsDiff';
import type { FsMap } from './filesystem';
import { diffPackages, samePackages, type PackageSet } from './packages';

/** What a safe fix may remove or change: the package managers' caches and lists. */
export const SAFE_MAY_DIFFER: readonly string[] = [
  ...new Set([...Object.values(CACHES).flatMap((c) => c.paths), '/var/cache/apt', '/var/lib/apt/lists']),
].sort();

/** Folders that exist only to hold a cache (`/root/.cache` for `/root/.cache/pip`) may go with it. */
function cacheAncestors(paths: readonly string[]): Set<string> {
  const result = new Set<string>();
  for (const p of paths) for (let dir = p.slice(0, p.lastIndexOf('/')); dir; dir = dir.slice(0, dir.lastIndexOf('/'))) result.add(dir);
  return result;
}

export interface ImageEvidence {
  fs: FsMap;
  packages?: PackageSet;
  config: Record<string, unknown>;
}

/** Why a fix that claims to be safe is not (empty: it kept its claim). */
export function safeClaimProblems(before: ImageEvidence, after: ImageEvidence, mayDiffer: readonly string[] = SAFE_MAY_DIFFER): string[] {
  const problems: string[] = [];
  // Only the folders themselves: their other children are still compared one by one.
  const fsDiff = diffFilesystems(before.fs, after.fs, { removable: mayDiffer, removablePaths: cacheAncestors(mayDiffer) });
  problems.push(...fsDiff.problems.slice(0, 20));
  if (fsDiff.problems.length > 20) problems.push(`… and ${fsDiff.problems.length - 20} more filesystem differences`);
  const packages = diffPackages(before.packages, after.packages);
  if (!samePackages(packages)) {
    if (packages.removed.length) problems.push(`packages no longer installed: ${packages.removed.join(' ')}`);
    if (packages.added.length) problems.push(`packages newly installed: ${packages.added.join(' ')}`);
    if (packages.changed.length)
      problems.push(`packages at another version: ${packages.changed.map((c) => `${c.name} ${c.before} → ${c.after}`).join(', ')}`);
  }
  problems.push(...configChanges(before.config, after.config).map(describeConfigChange));
  return problems;
}
