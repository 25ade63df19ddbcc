// Dependency installs that read only a few manifest files (package.json, requirements.txt, go.mod…):
// the steps copy-before-deps wants ahead of `COPY . .` so source edits keep their cache.
import type { PackageInvocation } from '../../packages/invocation';
import { optionValue, hasOption } from '../../packages/invocation';

export interface DependencyInstall {
  invocation: PackageInvocation;
  /** Human name for messages: "npm ci", "pip install -r requirements.txt". */
  label: string;
  /** Files to copy first (globs with `*` where a file may be absent), as the install names them. */
  manifests: string[];
  /**
   * How the fix restructures: `move` puts the install itself before `COPY . .`; `prefetch` inserts a
   * download-only step (go mod download, mvn dependency:go-offline) and leaves the build where it is;
   * `none` reports without a fix (the install needs the sources, e.g. `pip install .`, gradle, cargo).
   */
  strategy: 'move' | 'prefetch' | 'none';
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
      return sub && NPM_INSTALL.test(sub) && !named && !hasOption(i.words, '-g', '--global') ? { invocation: i, label, manifests: ['package*.json'], strategy: 'move' } : undefined;
    case 'yarn':
      return (sub === undefined || sub === 'install') && !named ? { invocation: i, label: sub ? label : 'yarn', manifests: ['package.json', 'yarn.lock*'], strategy: 'move' } : undefined;
    case 'pnpm':
      return sub && /^(install|i)$/.test(sub) && !named ? { invocation: i, label, manifests: ['package.json', 'pnpm-lock.yaml*'], strategy: 'move' } : undefined;
    case 'pip': {
      if (sub !== 'install') return undefined;
      const requirements = optionValue(i.words, '-r', '--requirement');
      if (requirements && !requirements.includes('$')) {
        return { invocation: i, label: `pip install -r ${requirements}`, manifests: [requirements], strategy: 'move' };
      }
      const local = i.operands.some((o) => o.value === '.' || o.value === './') || /^(\.|\.\/)$/.test(optionValue(i.words, '-e', '--editable') ?? '');
      return local ? { invocation: i, label: 'pip install .', manifests: [], strategy: 'none' } : undefined;
    }
    case 'poetry':
      return sub === 'install' ? { invocation: i, label, manifests: ['pyproject.toml', 'poetry.lock*'], strategy: hasOption(i.words, '--no-root') ? 'move' : 'none' } : undefined;
    case 'pipenv':
      return sub === 'install' || sub === 'sync' ? { invocation: i, label, manifests: ['Pipfile', 'Pipfile.lock*'], strategy: named ? 'none' : 'move' } : undefined;
    case 'bundle':
      return sub === 'install' ? { invocation: i, label, manifests: ['Gemfile', 'Gemfile.lock*'], strategy: 'move' } : undefined;
    case 'composer':
      return sub === 'install' ? { invocation: i, label, manifests: ['composer.json', 'composer.lock*'], strategy: 'move' } : undefined;
    case 'dep':
      return sub === 'ensure' ? { invocation: i, label, manifests: ['Gopkg.toml', 'Gopkg.lock*'], strategy: 'move' } : undefined;
    case 'go':
      if (sub === 'mod' && i.operands[0]?.value === 'download') return { invocation: i, label: 'go mod download', manifests: ['go.mod', 'go.sum*'], strategy: 'move' };
      return sub === 'build' || sub === 'install' || sub === 'test' ? { invocation: i, label, manifests: ['go.mod', 'go.sum*'], strategy: 'prefetch', prefetchCommand: 'go mod download' } : undefined;
    case 'mvn':
      return tool === 'mvn' && !hasOption(i.words, '-f', '--file') && sub !== undefined
        ? { invocation: i, label, manifests: ['pom.xml'], strategy: 'prefetch', prefetchCommand: 'mvn dependency:go-offline -B' }
        : sub !== undefined ? { invocation: i, label, manifests: [], strategy: 'none' } : undefined;
    case 'gradle':
      return sub !== undefined ? { invocation: i, label, manifests: [], strategy: 'none' } : undefined;
    case 'cargo':
      return sub === 'build' || sub === 'fetch' || sub === 'install' ? { invocation: i, label, manifests: [], strategy: 'none' } : undefined;
    case 'dotnet':
      return sub === 'restore' || sub === 'build' || sub === 'publish' ? { invocation: i, label, manifests: [], strategy: 'none' } : undefined;
    default:
      return undefined;
  }
}
