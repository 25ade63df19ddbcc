// The packages an image has installed, read from its package database as the filesystem export passes
// (dpkg's status file, apk's installed database); rpm's database is binary, so it is asked through `rpm -qa`
// in a container by the caller when the image has one.
export type PackageManager = 'dpkg' | 'apk' | 'rpm';

export const DPKG_STATUS = '/var/lib/dpkg/status';
export const APK_INSTALLED = '/lib/apk/db/installed';
/** Folders that hold an rpm database (bdb or sqlite); present means "ask rpm". */
export const RPM_DATABASES = ['/var/lib/rpm', '/usr/lib/sysimage/rpm'];

/** The files whose content the export must keep to read the package set. */
export const isPackageDatabase = (path: string): boolean => path === DPKG_STATUS || path === APK_INSTALLED;

export interface PackageSet {
  manager: PackageManager;
  /** name → version. */
  packages: Map<string, string>;
}

/** dpkg's status file: stanzas separated by blank lines; only "install ok installed" counts. */
export function parseDpkgStatus(text: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}: *(.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const name = field('Package');
    const status = field('Status') ?? '';
    if (!name || !/\binstalled$/.test(status) || /^deinstall|not-installed/.test(status)) continue;
    const arch = field('Architecture');
    const multiArch = field('Multi-Arch') === 'same' && arch && arch !== 'all';
    packages.set(multiArch && packages.has(name) ? `${name}:${arch}` : name, field('Version') ?? '');
  }
  return packages;
}

/** apk's installed database: `P:` name and `V:` version lines, one block per package. */
export function parseApkInstalled(text: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const block of text.split(/\n\s*\n/)) {
    const name = /^P:(.*)$/m.exec(block)?.[1]?.trim();
    if (name) packages.set(name, /^V:(.*)$/m.exec(block)?.[1]?.trim() ?? '');
  }
  return packages;
}

/** `rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\n'` output. */
export function parseRpmList(text: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [name, version] = line.trim().split(/\s+/);
    if (name && name !== 'gpg-pubkey') packages.set(name, version ?? '');
  }
  return packages;
}

export interface FsLike {
  get(path: string): { content?: Buffer } | undefined;
  has(path: string): boolean;
}

/** The package set from an export's kept database files; undefined when the image has neither. */
export function packagesFromFilesystem(fs: FsLike): PackageSet | undefined {
  const dpkg = fs.get(DPKG_STATUS)?.content;
  if (dpkg) return { manager: 'dpkg', packages: parseDpkgStatus(dpkg.toString('utf8')) };
  const apk = fs.get(APK_INSTALLED)?.content;
  if (apk) return { manager: 'apk', packages: parseApkInstalled(apk.toString('utf8')) };
  return undefined;
}

export const hasRpmDatabase = (fs: FsLike): boolean => RPM_DATABASES.some((p) => fs.has(p));

export interface PackageChanges {
  manager?: PackageManager;
  added: string[];
  removed: string[];
  /** name: before → after. */
  changed: { name: string; before: string; after: string }[];
}

export function diffPackages(before: PackageSet | undefined, after: PackageSet | undefined): PackageChanges {
  const a = before?.packages ?? new Map<string, string>();
  const b = after?.packages ?? new Map<string, string>();
  return {
    manager: before?.manager ?? after?.manager,
    added: [...b.keys()].filter((p) => !a.has(p)).sort(),
    removed: [...a.keys()].filter((p) => !b.has(p)).sort(),
    changed: [...a]
      .filter(([p, v]) => b.has(p) && b.get(p) !== v)
      .map(([name, v]) => ({ name, before: v, after: b.get(name)! }))
      .sort((x, y) => x.name.localeCompare(y.name)),
  };
}

export const samePackages = (c: PackageChanges): boolean => c.added.length === 0 && c.removed.length === 0 && c.changed.length === 0;
