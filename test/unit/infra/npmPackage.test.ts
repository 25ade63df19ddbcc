// `npm pack` yields the command line as an npm package (README: "Command line"): the tarball is installed into
// a throw-away prefix, as `npm install -g` would, and its `layerwise` bin lints a Dockerfile. The shell parser's
// WebAssembly must be found next to the bundle (a RUN finding needs it). Packs the current dist/ (`npm run
// build` first); --ignore-scripts skips prepack's production rebuild, which would rewrite dist/ under other tests.
import * as assert from 'node:assert/strict';
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/paths';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: string[], options: SpawnSyncOptions): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe('npm package', function () {
  // npm installs the package's dependencies (from its cache when `npm ci` filled it); nothing here is timed.
  this.timeout(600_000);
  let dir: string;
  let tarball: string;
  let packed: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-npm-'));
    const pack = run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO_ROOT });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(dir, info.filename);
    packed = info.files.map((f) => f.path).sort();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the CLI bundle and what it loads at run time, not the extension or the sources', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli.js',
      'dist/web-tree-sitter.wasm',
      'dist/tree-sitter-bash.wasm',
      'l10n/bundle.l10n.json',
    ]) {
      assert.ok(packed.includes(file), `${file} is packed (packed: ${packed.join(', ')})`);
    }
    assert.deepEqual(
      packed.filter((f) => /^(client|server|common|test|scripts)\/|^dist\/(client|server)\.js|\.map$/.test(f)),
      [],
    );
  });

  it('installs with a working `layerwise` bin that lints a Dockerfile', () => {
    const prefix = join(dir, 'prefix');
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false' };
    delete env.NODE_PATH;
    const install = run(
      NPM,
      ['install', '--global', '--prefix', prefix, '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball],
      { cwd: dir, env },
    );
    assert.equal(install.status, 0, install.stderr);
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'Dockerfile'), 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n');
    const bin = join(prefix, process.platform === 'win32' ? 'layerwise.cmd' : join('bin', 'layerwise'));
    const lint = run(bin, ['lint', '--format', 'json', 'Dockerfile'], { cwd: work, env });
    assert.equal(lint.status, 1, `exit 1: a warning was found\n${lint.stderr}`);
    const [report] = JSON.parse(lint.stdout) as { file: string; diagnostics: { rule: string; line: number }[] }[];
    assert.equal(report.file, 'Dockerfile');
    // A finding inside a RUN body: the shell parser (WebAssembly beside the bundle) loaded.
    assert.ok(
      report.diagnostics.some((d) => d.rule === 'apt-lists-not-removed' && d.line === 2),
      JSON.stringify(report.diagnostics),
    );
    const usage = run(bin, ['lint', '--no-such-flag'], { cwd: work, env });
    assert.equal(usage.status, 2, usage.stderr);
  });
});
