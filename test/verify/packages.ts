// For fixes that install fewer packages (--no-install-recommends): the Debian packages the original image
// has and the fixed one does not, and the paths those packages own (from dpkg's file lists), so the
// filesystem comparison can allow exactly those to go — plus dpkg's and apt's bookkeeping about them.
import { docker } from './dockerCli';

async function dpkg(image: string, script: string): Promise<string> {
  const result = await docker(['run', '--rm', '--network', 'none', '--user', '0', '--entrypoint', '/bin/sh', image, '-c', script]);
  if (result.code !== 0) throw new Error(`reading dpkg's database in ${image} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

export async function installedPackages(image: string): Promise<Set<string>> {
  const out = await dpkg(image, "dpkg-query -W -f '${Package}\\n'");
  return new Set(out.split('\n').filter(Boolean));
}

/** Bookkeeping that changes whenever the set of installed packages does. */
export const PACKAGE_BOOKKEEPING = [
  '/var/lib/dpkg/status',
  '/var/lib/dpkg/status-old',
  '/var/lib/dpkg/available',
  '/var/lib/dpkg/triggers',
  '/var/lib/dpkg/alternatives',
  '/etc/alternatives',
  '/var/lib/apt/extended_states',
  '/etc/ld.so.cache',
  '/var/cache/ldconfig',
  '/var/cache/fontconfig',
  '/var/cache/debconf',
  // Made by fontconfig's postinst (mkdir), listed by no package.
  '/usr/local/share/fonts',
];

export interface PackageDiff {
  removed: string[];
  added: string[];
  ownedPaths: string[];
}

export async function packageDiff(original: string, fixed: string): Promise<PackageDiff> {
  const [before, after] = [await installedPackages(original), await installedPackages(fixed)];
  const removed = [...before].filter((p) => !after.has(p)).sort();
  const added = [...after].filter((p) => !before.has(p)).sort();
  if (removed.length === 0) return { removed, added, ownedPaths: [] };
  // Each package's file list and its dpkg metadata files (maintainer scripts, md5sums, triggers).
  const names = removed.map((p) => `'${p.replace(/'/g, '')}'`).join(' ');
  const out = await dpkg(
    original,
    `for p in ${names}; do cat /var/lib/dpkg/info/$p.list /var/lib/dpkg/info/$p:*.list 2>/dev/null; ls -d /var/lib/dpkg/info/$p.* /var/lib/dpkg/info/$p:* 2>/dev/null; done; true`,
  );
  const listed = out.split('\n').filter((l) => l.startsWith('/'));
  // Bookworm's packages still list /lib, /bin, /sbin paths, which are symlinks into /usr (merged /usr).
  const aliases = listed.filter((l) => /^\/(lib|lib64|bin|sbin)\//.test(l)).map((l) => `/usr${l}`);
  return { removed, added, ownedPaths: [...new Set([...listed, ...aliases])] };
}

/**
 * Adds what maintainer scripts created inside folders the removed packages own (fontconfig's links in
 * /etc/fonts/conf.d): an entry is covered when an ancestor folder is owned and gone from the fixed image.
 */
export function withScriptCreatedFiles(
  owned: ReadonlySet<string>,
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
): Set<string> {
  const result = new Set(owned);
  for (const path of before.keys()) {
    if (after.has(path) || result.has(path)) continue;
    for (let dir = path.slice(0, path.lastIndexOf('/')); dir; dir = dir.slice(0, dir.lastIndexOf('/'))) {
      if (owned.has(dir) && !after.has(dir)) {
        result.add(path);
        break;
      }
    }
  }
  return result;
}
