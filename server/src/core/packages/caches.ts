// What package managers leave on disk, what removes it, and which cache mounts make it a non-issue.
import type { ShellCommand, RunMount } from '../shell/types';
import { hasOption, PackageInvocation, recognize, isInstall } from './invocation';

export type CacheId = 'apt-lists' | 'apk-cache' | 'pip-cache' | 'npm-cache' | 'yarn-cache' | 'yum-cache' | 'dnf-cache' | 'zypper-cache';

export interface PackageCache {
  id: CacheId;
  /** What the user reads: "the apt package lists". */
  label: string;
  /** Directories holding it (root user's home assumed for per-user caches). */
  paths: string[];
  /** The command that removes it, as the fix appends it. */
  cleanCommand: string;
  /** hadolint rule about it, if any. */
  hadolint?: string;
}

export const CACHES: Record<CacheId, PackageCache> = {
  'apt-lists': {
    id: 'apt-lists',
    label: 'the apt package lists',
    paths: ['/var/lib/apt/lists'],
    cleanCommand: 'rm -rf /var/lib/apt/lists/*',
    hadolint: 'DL3009',
  },
  'apk-cache': {
    id: 'apk-cache',
    label: 'the apk cache',
    paths: ['/var/cache/apk', '/etc/apk/cache'],
    cleanCommand: 'rm -rf /var/cache/apk/*',
    hadolint: 'DL3019',
  },
  'pip-cache': {
    id: 'pip-cache',
    label: "pip's download cache",
    paths: ['/root/.cache/pip'],
    cleanCommand: 'pip cache purge',
    hadolint: 'DL3042',
  },
  'npm-cache': { id: 'npm-cache', label: "npm's cache", paths: ['/root/.npm'], cleanCommand: 'npm cache clean --force' },
  'yarn-cache': {
    id: 'yarn-cache',
    label: "yarn's cache",
    paths: ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn/berry/cache'],
    cleanCommand: 'yarn cache clean',
    hadolint: 'DL3060',
  },
  'yum-cache': { id: 'yum-cache', label: "yum's cache", paths: ['/var/cache/yum'], cleanCommand: 'yum clean all', hadolint: 'DL3032' },
  'dnf-cache': {
    id: 'dnf-cache',
    label: "dnf's cache",
    // dnf5 (Fedora 41+) keeps its cache in /var/cache/libdnf5.
    paths: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'],
    cleanCommand: 'dnf clean all',
    hadolint: 'DL3040',
  },
  'zypper-cache': {
    id: 'zypper-cache',
    label: "zypper's cache",
    paths: ['/var/cache/zypp'],
    cleanCommand: 'zypper clean --all',
    hadolint: 'DL3036',
  },
};

/** `~/x`, `$HOME/x`, `${HOME}/x` → `/root/x`; trailing `/`, `/*`, `/.` dropped. */
export function normalizePath(path: string): string {
  let normal = normalized.get(path);
  if (normal === undefined) {
    normal = path.replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root').replace(/\/+(\*|\.)?$/, '') || '/';
    // Rules compare the same few paths over and over; a bounded memo keeps that cheap.
    if (normalized.size > 5000) normalized.clear();
    normalized.set(path, normal);
  }
  return normal;
}

const normalized = new Map<string, string>();

/** Is `path` the directory `dir` or inside it (after normalising both)? */
export function isUnder(path: string, dir: string): boolean {
  const p = normalizePath(path);
  const d = normalizePath(dir);
  return p === d || p.startsWith(d.endsWith('/') ? d : d + '/');
}

/** The cache an invocation fills, when it fills one (its flags considered). */
export function cacheFilledBy(invocation: PackageInvocation): PackageCache | undefined {
  const { manager, subcommand, words } = invocation;
  switch (manager) {
    case 'apt':
      return subcommand === 'update' ? CACHES['apt-lists'] : undefined;
    case 'apk':
      if (hasOption(words, '--no-cache')) return undefined;
      return subcommand === 'add' || subcommand === 'update' || subcommand === 'upgrade' ? CACHES['apk-cache'] : undefined;
    case 'pip':
      return isInstall(invocation) && !hasOption(words, '--no-cache-dir') ? CACHES['pip-cache'] : undefined;
    case 'npm':
      return isInstall(invocation) ? CACHES['npm-cache'] : undefined;
    case 'yarn':
      return isInstall(invocation) ? CACHES['yarn-cache'] : undefined;
    case 'yum':
      return isInstall(invocation) ? CACHES['yum-cache'] : undefined;
    case 'dnf':
    case 'microdnf':
      return isInstall(invocation) ? { ...CACHES['dnf-cache'], cleanCommand: `${manager} clean all` } : undefined;
    case 'zypper':
      return isInstall(invocation) ? CACHES['zypper-cache'] : undefined;
    default:
      return undefined;
  }
}

/** Does this command remove (all of) the cache? `rm -rf <path>`, `apt-get clean`-style commands, `pip cache purge`… */
export function removesCache(command: ShellCommand, cache: PackageCache): boolean {
  if (command.name === 'rm' || command.name.endsWith('/rm')) {
    return command.args.some((a) => a.value !== undefined && !a.value.startsWith('-') && cache.paths.some((p) => isUnder(p, a.value!)));
  }
  const invocation = recognize(command);
  if (!invocation) return false;
  const { manager, subcommand, operands } = invocation;
  const first = operands[0]?.value;
  switch (cache.id) {
    case 'pip-cache':
      return manager === 'pip' && subcommand === 'cache' && (first === 'purge' || first === 'remove');
    case 'npm-cache':
      return manager === 'npm' && subcommand === 'cache' && (first === 'clean' || first === 'rm');
    case 'yarn-cache':
      return manager === 'yarn' && subcommand === 'cache' && first === 'clean';
    case 'yum-cache':
      return (manager === 'yum' || manager === 'dnf') && subcommand === 'clean';
    case 'dnf-cache':
      return (manager === 'dnf' || manager === 'microdnf' || manager === 'yum') && subcommand === 'clean';
    case 'zypper-cache':
      return manager === 'zypper' && (subcommand === 'clean' || subcommand === 'cc');
    case 'apk-cache':
      return manager === 'apk' && subcommand === 'cache' && first === 'clean';
    default:
      return false;
  }
}

/** A `--mount=type=cache` (or tmpfs) over the cache's directory: nothing reaches the layer. */
export function cacheIsMounted(mounts: readonly RunMount[], cache: PackageCache): boolean {
  return mounts.some(
    (m) =>
      (m.type === 'cache' || m.type === 'tmpfs') &&
      m.target !== undefined &&
      cache.paths.some((p) => isUnder(p, m.target!) || isUnder(m.target!, p)),
  );
}
