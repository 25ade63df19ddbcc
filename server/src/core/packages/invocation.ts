// Recognises package-manager and build-tool invocations in shell commands: which tool, which
// subcommand, its options and its operands. Wrappers (`sudo`, `env X=1`, `nice`, `python -m pip`)
// are looked through.
import type { ShellCommand, ShellWord } from '../shell/types';

export type Manager =
  | 'apt'
  | 'apk'
  | 'pip'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'gem'
  | 'bundle'
  | 'go'
  | 'cargo'
  | 'composer'
  | 'mvn'
  | 'gradle'
  | 'dotnet'
  | 'yum'
  | 'dnf'
  | 'microdnf'
  | 'zypper'
  | 'poetry'
  | 'pipenv'
  | 'dep';

export interface PackageInvocation {
  manager: Manager;
  command: ShellCommand;
  /** The tool's own word (`apt-get`, `pip3`, `./gradlew`; `pip` in `python -m pip`). */
  toolWord: ShellWord;
  /** First operand: `install`, `add`, `ci`…; undefined for a bare `yarn` or `mvn` with options only. */
  subcommand: string | undefined;
  subcommandWord: ShellWord | undefined;
  /** Words after the tool word (options and operands, the subcommand included). */
  words: ShellWord[];
  /** Operands after the subcommand that are not option values (packages, goals, paths). */
  operands: ShellWord[];
}

const TOOLS: Record<string, Manager> = {
  'apt-get': 'apt',
  apt: 'apt',
  aptitude: 'apt',
  apk: 'apk',
  pip: 'pip',
  pip3: 'pip',
  npm: 'npm',
  yarn: 'yarn',
  pnpm: 'pnpm',
  gem: 'gem',
  bundle: 'bundle',
  bundler: 'bundle',
  go: 'go',
  cargo: 'cargo',
  composer: 'composer',
  'composer.phar': 'composer',
  mvn: 'mvn',
  mvnw: 'mvn',
  gradle: 'gradle',
  gradlew: 'gradle',
  dotnet: 'dotnet',
  yum: 'yum',
  dnf: 'dnf',
  microdnf: 'microdnf',
  zypper: 'zypper',
  poetry: 'poetry',
  pipenv: 'pipenv',
  dep: 'dep',
};

/** Options that consume the next word, per manager (so that word is not mistaken for a package). */
const VALUE_OPTIONS: Partial<Record<Manager, Set<string>>> = {
  apt: new Set(['-o', '-t', '--target-release', '-c', '--config-file']),
  apk: new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--repositories-file', '--arch']),
  pip: new Set([
    '-r',
    '--requirement',
    '-c',
    '--constraint',
    '-i',
    '--index-url',
    '--extra-index-url',
    '-t',
    '--target',
    '-e',
    '--editable',
    '-f',
    '--find-links',
    '--prefix',
    '--root',
    '--cache-dir',
    '--trusted-host',
  ]),
  npm: new Set(['--prefix', '--registry', '-w', '--workspace', '--omit', '--only']),
  yarn: new Set(['--cwd', '--modules-folder', '--cache-folder', '--registry']),
  pnpm: new Set(['--dir', '-C', '--filter', '-F', '--store-dir']),
  gem: new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source']),
  bundle: new Set(['--jobs', '-j', '--path', '--without', '--with', '--gemfile', '--retry']),
  yum: new Set(['--enablerepo', '--disablerepo', '--setopt', '--installroot', '-c']),
  dnf: new Set(['--enablerepo', '--disablerepo', '--setopt', '--installroot', '-c']),
  microdnf: new Set(['--enablerepo', '--disablerepo', '--setopt', '--config']),
  zypper: new Set(['-r', '--repo', '--from', '-t', '--type']),
  dotnet: new Set(['-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework', '-s', '--source']),
  mvn: new Set(['-f', '--file', '-s', '--settings', '-P', '-pl', '--projects', '-T', '-D']),
  gradle: new Set(['-p', '--project-dir', '-x', '--exclude-task']),
  cargo: new Set(['-p', '--package', '--target', '--features', '-j', '--jobs', '--manifest-path', '--bin', '--root']),
  composer: new Set(['-d', '--working-dir']),
  go: new Set(['-o', '-C', '-ldflags', '-tags', '-mod']),
};

const WRAPPERS = new Set([
  'sudo',
  'env',
  'nice',
  'nohup',
  'time',
  'exec',
  'command',
  'eatmydata',
  'stdbuf',
  'ionice',
  'su-exec',
  'gosu',
  'chronic',
]);

const basename = (s: string) => s.slice(s.lastIndexOf('/') + 1);

function managerOf(name: string): Manager | undefined {
  const base = basename(name);
  const direct = TOOLS[base];
  if (direct) return direct;
  if (/^pip\d+(\.\d+)*$/.test(base)) return 'pip';
  return undefined;
}

/** The command's words with wrappers and their options dropped: [tool, ...args]. */
function unwrap(command: ShellCommand): ShellWord[] {
  let words = [command.nameWord, ...command.args];
  for (let guard = 0; guard < 4 && words.length > 0; guard++) {
    const head = basename(words[0].value ?? '');
    if (!WRAPPERS.has(head)) break;
    let i = 1;
    // sudo -u x / env -i / VAR=value / nice -n 10: skip options (with a value for the common ones) and assignments.
    while (i < words.length) {
      const v = words[i].value ?? '';
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) i++;
      else if (/^-(u|g|n|c|o|e|i|C)$/.test(v) && head !== 'env') i += 2;
      else if (v.startsWith('-')) i++;
      else break;
    }
    if (head === 'gosu' || head === 'su-exec') i++; // the user name
    words = words.slice(i);
  }
  return words;
}

/** Does an option appear (exactly, as `--opt=value`, or inside a short cluster like `-yq`)? */
export function hasOption(words: readonly ShellWord[], ...names: string[]): boolean {
  for (const word of words) {
    const v = word.value;
    if (!v || !v.startsWith('-')) continue;
    for (const name of names) {
      if (v === name || (name.startsWith('--') && v.startsWith(name + '='))) return true;
      if (name.length === 2 && !v.startsWith('--') && /^-[a-zA-Z]{2,}$/.test(v) && v.includes(name[1])) return true;
    }
  }
  return false;
}

/** The value of an option (`--opt value`, `--opt=value`, `-o value`). */
export function optionValue(words: readonly ShellWord[], ...names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value ?? '';
    for (const name of names) {
      if (v === name) return words[i + 1]?.value;
      if (v.startsWith(name + '=')) return v.slice(name.length + 1);
    }
  }
  return undefined;
}

const recognized = new WeakMap<ShellCommand, PackageInvocation | null>();

/** The package/build invocation a command is, if any (memoised per command: rules ask repeatedly). */
export function recognize(command: ShellCommand): PackageInvocation | undefined {
  let found = recognized.get(command);
  if (found === undefined) {
    found = recognizeUncached(command) ?? null;
    recognized.set(command, found);
  }
  return found ?? undefined;
}

function recognizeUncached(command: ShellCommand): PackageInvocation | undefined {
  let words = unwrap(command);
  if (words.length === 0) return undefined;
  let toolWord = words[0];
  let manager = managerOf(toolWord.value ?? '');
  // python -m pip install …, python3.12 -m pip …
  if (!manager && /^python[\d.]*$/.test(basename(toolWord.value ?? ''))) {
    const m = words.findIndex((w) => w.value === '-m');
    if (m > 0 && words[m + 1] && managerOf(words[m + 1].value ?? '') === 'pip') {
      toolWord = words[m + 1];
      manager = 'pip';
      words = words.slice(m + 1);
    }
  }
  if (!manager) return undefined;
  const rest = words.slice(1);
  const valueOptions = VALUE_OPTIONS[manager] ?? new Set<string>();
  let subcommandWord: ShellWord | undefined;
  const operands: ShellWord[] = [];
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i].value ?? rest[i].text;
    if (v.startsWith('-')) {
      if (valueOptions.has(v)) i++;
      continue;
    }
    if (!subcommandWord) subcommandWord = rest[i];
    else operands.push(rest[i]);
  }
  return {
    manager,
    command,
    toolWord,
    subcommand: subcommandWord?.value,
    subcommandWord,
    words: rest,
    operands,
  };
}

/** All package/build invocations of a list of commands, in order. */
const listed = new WeakMap<readonly ShellCommand[], PackageInvocation[]>();

export function invocations(commands: readonly ShellCommand[]): PackageInvocation[] {
  let out = listed.get(commands);
  if (out) return out;
  out = [];
  for (const command of commands) {
    const invocation = recognize(command);
    if (invocation) out.push(invocation);
  }
  listed.set(commands, out);
  return out;
}

const INSTALL: Partial<Record<Manager, RegExp>> = {
  apt: /^(install|reinstall|build-dep|dist-upgrade|upgrade|full-upgrade)$/,
  apk: /^(add|upgrade)$/,
  pip: /^install$/,
  npm: /^(install|i|ci|add|isntall|update)$/,
  yarn: /^(install|add)$/,
  pnpm: /^(install|i|add)$/,
  gem: /^install$/,
  bundle: /^install$/,
  yum: /^(install|groupinstall|localinstall|update|upgrade|reinstall)$/,
  // dnf accepts these abbreviations (`dnf in`, `dnf up`, `dnf rei`, `dnf up-min`) as the full subcommands.
  dnf: /^(install|in|groupinstall|localinstall|update|up|upgrade|upgrade-minimal|up-min|reinstall|rei)$/,
  microdnf: /^(install|update|upgrade|reinstall)$/,
  zypper: /^(install|in|update|up|patch|dist-upgrade|dup)$/,
  composer: /^(install|update|require)$/,
  poetry: /^(install|add)$/,
  pipenv: /^(install|sync)$/,
};

/** Installs packages (the things that fill caches). A bare `yarn` installs too. */
export function isInstall(invocation: PackageInvocation): boolean {
  if (invocation.manager === 'yarn' && invocation.subcommand === undefined) return true;
  const pattern = INSTALL[invocation.manager];
  return pattern !== undefined && invocation.subcommand !== undefined && pattern.test(invocation.subcommand);
}
