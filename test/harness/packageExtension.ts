// Packages the extension as `npm run package` does (production bundles, then `vsce package`), but from a copy of the
// repository in a temporary folder, into test/artifacts/layerwise.vsix: the working tree's dist/ and layerwise.vsix
// are left as the developer has them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ARTIFACTS, REPO_ROOT } from './paths';

/** Build output, installed tools and git data: never part of the package's sources. */
const NOT_COPIED = new Set(['node_modules', 'out', 'dist', '.test-tools', '.git', 'layerwise.vsix', join('test', 'artifacts')]);

function run(file: string, args: string[], cwd: string, what: string): void {
  try {
    execFileSync(file, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${what} failed:\n${`${stdout ?? ''}${stderr ?? ''}`.split('\n').slice(0, 15).join('\n')}`);
  }
}

/** Returns the path of the .vsix (test/artifacts/layerwise.vsix). */
export function packageExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'layerwise-package-'));
  try {
    cpSync(REPO_ROOT, dir, {
      recursive: true,
      filter: (source) => {
        const path = relative(REPO_ROOT, source);
        return !NOT_COPIED.has(path) && !path.endsWith('.vsix') && !path.startsWith(`${join('test', 'artifacts')}${sep}`);
      },
    });
    run(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'build.mjs'), '--production', `--outdir=${join(dir, 'dist')}`],
      REPO_ROOT,
      'the production build',
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    const vsix = join(ARTIFACTS, 'layerwise.vsix');
    run(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix],
      dir,
      'vsce package',
    );
    return vsix;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
