// Packages the extension as `npm run package` does (production bundles, then `vsce package`), but in a copy of the
// repository under test/artifacts/: the working tree's dist/ and layerwise.vsix are left as the developer has them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ARTIFACTS, REPO_ROOT } from './paths';

/** Build output, installed tools and git data: never part of the package's sources. */
const NOT_COPIED = new Set(['node_modules', 'out', 'dist', '.test-tools', '.git', 'layerwise.vsix', join('test', 'artifacts')]);

export interface PackagedExtension {
  /** The staged copy the package was made from (run `vsce ls` here). */
  dir: string;
  vsix: string;
}

function run(file: string, args: string[], cwd: string, what: string): void {
  try {
    execFileSync(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${what} failed:\n${`${stdout ?? ''}${stderr ?? ''}`.split('\n').slice(0, 15).join('\n')}`);
  }
}

export function packageExtension(): PackagedExtension {
  const dir = join(ARTIFACTS, 'vsix');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(REPO_ROOT, dir, {
    recursive: true,
    filter: (source) => {
      const path = relative(REPO_ROOT, source);
      return !NOT_COPIED.has(path) && !path.endsWith('.vsix') && !path.startsWith(`${join('test', 'artifacts')}${sep}`);
    },
  });
  run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs'), '--production', `--outdir=${join(dir, 'dist')}`], REPO_ROOT, 'the production build');
  const vsix = join(dir, 'layerwise.vsix');
  run(process.execPath, [join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], dir, 'vsce package');
  return { dir, vsix };
}
