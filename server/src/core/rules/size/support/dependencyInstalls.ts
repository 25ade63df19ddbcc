// Dependency installs that read only a few manifest files (package.json, requirements.txt, go.mod…):
// the steps copy-before-deps wants ahead of `COPY . .` so source edits keep their cache.
import type { PackageInvocation } from '../../../packages/invocation';
import { optionValue, hasOption } from '../../../packages/invocation';

export interface DependencyInstall {
  invocation: PackageInvocation;
  /** Human name for messages: "npm ci", "pip install -r requirements.txt". */
  label: string;
  /** Files to copy first (globs with `*` where a file may be absent), as the install names them. */
  manifests: string[];
  /**
   * How the fix restructures: `move` puts the install itself before `COPY . .`; `prefetch` inserts a
   * download-only step (go mod download, mvn dependency:go-offline) and leaves the build where it is;
   * `project` inserts ecosystem-specific steps built from the build context's files (cargo, gradle, dotnet,
   * `pip install .`: see projectPrefetch.ts); `none` reports without a fix.
   */
  strategy: 'move' | 'prefetch' | 'project' | 'none';
  prefetchCommand?: string;
}

const NPM_INSTALL = /^(ci|install|i)$/;

export function dependencyInstall(i: PackageInvocation): DependencyInstall | undefined {
  const sub = i.subcommand;
  const tool = i.toolWord.value ?? i.toolWord.text;
  const label = [tool, sub].filter(Boolean).join(' ');
  const named = i.operands.length > 0;
  switch (i.manager) {
    case 'npm':
      return sub && NPM_INSTALL.test(sub) && !named && !hasOption(i.words, '-g', '--global')
        ? { invocation: i, label, manifests: ['package*.json'], strategy: 'move' }
        : undefined;
    case 'yarn':
      return (sub === undefined || sub === 'install') && !named
        ? { invocation: i, label: sub ? label : 'yarn', manifests: ['package.json', 'yarn.lock*'], strategy: 'move' }
        : undefined;
    case 'pnpm':
      return sub && /^(install|i)$/.test(sub) && !named
        ? { invocation: i, label, manifests: ['package.json', 'pnpm-lock.yaml*'], strategy: 'move' }
        : undefined;
    case 'pip': {
      if (sub !== 'install') return undefined;
      const requirements = optionValue(i.words, '-r', '--requirement');
      if (requirements && !requirements.includes('$')) {
        return { invocation: i, label: `pip install -r ${requirements}`, manifests: [requirements], strategy: 'move' };
      }
      const local =
        i.operands.some((o) => o.value === '.' || o.value === './') || /^(\.|\.\/)$/.test(optionValue(i.words, '-e', '--editable') ?? '');
      // `--no-deps` installs the project alone: nothing a cache could keep.
      if (!local || hasOption(i.words, '--no-deps')) return undefined;
      return { invocation: i, label: 'pip install .', manifests: ['pyproject.toml'], strategy: 'project' };
    }
    case 'poetry':
      return sub === 'install'
        ? {
            invocation: i,
            label,
            manifests: ['pyproject.toml', 'poetry.lock*'],
            strategy: hasOption(i.words, '--no-root') ? 'move' : 'none',
          }
        : undefined;
    case 'pipenv':
      return sub === 'install' || sub === 'sync'
        ? { invocation: i, label, manifests: ['Pipfile', 'Pipfile.lock*'], strategy: named ? 'none' : 'move' }
        : undefined;
    case 'bundle':
      return sub === 'install' ? { invocation: i, label, manifests: ['Gemfile', 'Gemfile.lock*'], strategy: 'move' } : undefined;
    case 'composer':
      return sub === 'install' ? { invocation: i, label, manifests: ['composer.json', 'composer.lock*'], strategy: 'move' } : undefined;
    case 'dep':
      return sub === 'ensure' ? { invocation: i, label, manifests: ['Gopkg.toml', 'Gopkg.lock*'], strategy: 'move' } : undefined;
    case 'go':
      if (sub === 'mod' && i.operands[0]?.value === 'download')
        return { invocation: i, label: 'go mod download', manifests: ['go.mod', 'go.sum*'], strategy: 'move' };
      return sub === 'build' || sub === 'install' || sub === 'test'
        ? { invocation: i, label, manifests: ['go.mod', 'go.sum*'], strategy: 'prefetch', prefetchCommand: 'go mod download' }
        : undefined;
    case 'mvn':
      return tool === 'mvn' && !hasOption(i.words, '-f', '--file') && sub !== undefined
        ? { invocation: i, label, manifests: ['pom.xml'], strategy: 'prefetch', prefetchCommand: 'mvn dependency:go-offline -B' }
        : sub !== undefined
          ? { invocation: i, label, manifests: [], strategy: 'none' }
          : undefined;
    case 'gradle':
      return sub !== undefined
        ? { invocation: i, label, manifests: ['settings.gradle', 'build.gradle', 'gradle/'], strategy: 'project' }
        : undefined;
    case 'cargo':
      // `cargo install --path .` ignores Cargo.lock unless --locked: a prefetch could build other versions.
      return sub === 'build' || sub === 'fetch'
        ? { invocation: i, label, manifests: ['Cargo.toml', 'Cargo.lock'], strategy: 'project' }
        : sub === 'install'
          ? { invocation: i, label, manifests: ['Cargo.toml', 'Cargo.lock'], strategy: 'none' }
          : undefined;
    case 'dotnet':
      return sub === 'restore' || sub === 'build' || sub === 'publish'
        ? { invocation: i, label, manifests: ['*.csproj', '*.sln'], strategy: 'project' }
        : undefined;
    default:
      return undefined;
  }
}
