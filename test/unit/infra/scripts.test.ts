// The small Node helpers of scripts/test-all.sh and scripts/setup-test-env.sh, run as the scripts run them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../harness/paths';

const LIB = join(REPO_ROOT, 'scripts', 'lib');

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

describe('test infrastructure scripts', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'layerwise-infra-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('mocha-summary-reporter', () => {
    const SPEC = `describe('s', () => { it('a', () => {}); it('b', () => {}); it('c', () => { throw new Error('x'); }); it.skip('d', () => {}); });`;
    function run(ci: string): { status: number | null; stdout: string; summary: { passed: number; failed: number; pending: number } } {
      write(dir, { 'sample.test.js': SPEC });
      const summary = join(dir, 'summary.json');
      const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--no-config', '--reporter', join(LIB, 'mocha-summary-reporter.cjs'), join(dir, 'sample.test.js')],
      { env: { ...process.env, LAYERWISE_SUMMARY: summary, CI: ci }, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, summary: JSON.parse(readFileSync(summary, 'utf8')) };
    }

    it('writes the counts, and keeps the spec output', () => {
      const { status, stdout, summary } = run('');
      assert.equal(status, 1);
      assert.match(stdout, /2 passing[\s\S]*1 pending[\s\S]*1 failing/);
      assert.deepEqual(summary, { passed: 2, failed: 1, pending: 1 });
    });

    it('counts a test that did not run as failed when CI=true', () => {
      assert.deepEqual(run('true').summary, { passed: 2, failed: 2, pending: 1 });
    });
  });

  describe('prune-stale-out', () => {
    it('removes compiled files whose source is gone, and nothing else', () => {
      write(dir, {
        'test/a.test.ts': '', 'out/test/a.test.js': '', 'out/test/a.test.js.map': '',
        'out/test/gone.test.js': '', 'out/test/gone.test.js.map': '', 'out/test/data.json': '{}',
      });
      const result = spawnSync(process.execPath, [join(LIB, 'prune-stale-out.cjs'), dir], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /removed 2 compiled file/);
      assert.deepEqual(['a.test.js', 'a.test.js.map', 'gone.test.js', 'gone.test.js.map', 'data.json'].map((f) => existsSync(join(dir, 'out', 'test', f))),
        [true, true, false, false, true]);
    });
  });

  describe('node-modules-current', () => {
    const lock = (version: string) => JSON.stringify({ packages: { '': {}, 'node_modules/x': { version }, 'node_modules/opt': { version: '1.0.0', optional: true } } });
    const check = () => spawnSync(process.execPath, [join(LIB, 'node-modules-current.cjs'), dir], { encoding: 'utf8' });

    it('accepts node_modules installed from the same lockfile (skipped optional packages included)', () => {
      write(dir, { 'package-lock.json': lock('1.2.3'), 'node_modules/.package-lock.json': JSON.stringify({ packages: { 'node_modules/x': { version: '1.2.3' } } }) });
      assert.equal(check().status, 0);
    });

    it('asks for npm ci when a version differs or node_modules is missing, saying which', () => {
      write(dir, { 'package-lock.json': lock('1.2.4'), 'node_modules/.package-lock.json': JSON.stringify({ packages: { 'node_modules/x': { version: '1.2.3' } } }) });
      const stale = check();
      assert.equal(stale.status, 1);
      assert.match(stale.stderr, /node_modules\/x: want 1\.2\.4, have 1\.2\.3/);
      rmSync(join(dir, 'node_modules'), { recursive: true });
      assert.match(check().stderr, /node_modules is missing/);
    });
  });
});
