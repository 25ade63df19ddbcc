// The CLI's compiled-code cache (cli/bundleLoader.ts): where it lives, that a run writes it and the next reads it
// with the same results, and that a stale or broken cache file changes nothing but the time.
import * as assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCacheDir, codeCachePath, readBundleText } from '../../../server/src/cli/bundleLoader';
import { CLI, runCli } from './runCli';

describe('CLI code cache', function () {
  this.timeout(120_000);

  it('sits in code-cache of the platform user cache folder, or LAYERWISE_CACHE_DIR; none when that is empty', () => {
    const home = os.homedir();
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), path.join('/x/cache', 'layerwise', 'code-cache'));
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux'), path.join(home, '.cache', 'layerwise', 'code-cache'));
    assert.equal(codeCacheDir({}, 'darwin'), path.join(home, 'Library', 'Caches', 'layerwise', 'code-cache'));
    assert.equal(
      codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'),
      path.join('C:\\Users\\u\\AppData\\Local', 'layerwise', 'Cache', 'code-cache'),
    );
    assert.equal(codeCacheDir({ LAYERWISE_CACHE_DIR: '/elsewhere', XDG_CACHE_HOME: '/x' }, 'linux'), '/elsewhere');
    assert.equal(codeCacheDir({ LAYERWISE_CACHE_DIR: '' }, 'linux'), undefined);
  });

  it('reads a bundle as UTF-8 would, ASCII or not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bundle-text-'));
    for (const [name, text] of [
      ['ascii.js', 'module.exports = "plain \\u00e9";\n'],
      ['utf8.js', '// café, 日本, \u{1F433}\nmodule.exports = "é";\n'],
    ]) {
      fs.writeFileSync(path.join(dir, name), text, 'utf8');
      assert.equal(readBundleText(path.join(dir, name)), text, name);
    }
    // The built CLI bundles are ASCII (esbuild escapes the rest), so they take the Latin-1 path.
    assert.ok(isAscii(fs.readFileSync(path.join(path.dirname(CLI), 'cli.js'))));
  });

  it('names the cache after the bundle text: an edited bundle never meets an old cache', () => {
    const a = codeCachePath('/c', 'cli-lint.js', 'text one');
    assert.match(path.basename(a), /^cli-lint-[0-9a-f]{32}\.v8cache$/);
    assert.notEqual(a, codeCachePath('/c', 'cli-lint.js', 'text two'));
    assert.equal(a, codeCachePath('/c', 'cli-lint.js', 'text one'));
    // The digest the build wrote in (scripts/build.mjs) names it when there is one; anything else is not trusted.
    const built = 'f'.repeat(32);
    assert.equal(codeCachePath('/c', 'cli-lint.js', 'text one', built), path.join('/c', `cli-lint-${built}.v8cache`));
    assert.equal(codeCachePath('/c', 'cli-lint.js', 'text one', '@digest-of:cli-lint.js@'), a);
  });

  it('the built CLI loads each bundle with the digest of its text, as built', () => {
    const dist = path.dirname(CLI);
    const loads = [...fs.readFileSync(CLI, 'utf8').matchAll(/loadBundle\("(cli-[\w-]+\.js)", "([0-9a-f]{32})"\)/g)];
    assert.ok(
      loads.some((m) => m[1] === 'cli-lint.js'),
      'cli-lint.js is loaded with a digest',
    );
    for (const [, bundle, digest] of loads) {
      const text = fs.readFileSync(path.join(dist, bundle));
      assert.equal(createHash('sha256').update(text).digest('hex').slice(0, 32), digest, bundle);
    }
  });

  it("a run writes the cache (removing an older build's), later runs use it, a broken one is ignored, same output", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-codecache-'));
    try {
      const cache = path.join(dir, 'cache');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nADD app /app\nRUN if [ -f x ]; then echo y; fi\n');
      const lint = () => runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir, env: { LAYERWISE_CACHE_DIR: cache } });
      // A cache of an older build of the bundle: replaced, not kept beside the new one.
      fs.mkdirSync(cache);
      fs.writeFileSync(path.join(cache, `cli-lint-${'0'.repeat(32)}.v8cache`), 'an older build');
      const first = lint();
      assert.equal(first.code, 1, first.stderr);
      // (ShellCheck's results go to a folder beside it, cli/cacheDirs.ts.)
      const written = fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
      assert.deepEqual(
        written.map((f) => f.replace(/-[0-9a-f]{32}\./, '-DIGEST.')),
        ['cli-lint-DIGEST.v8cache'],
      );
      const second = lint();
      assert.deepEqual([second.code, second.stdout, second.stderr], [first.code, first.stdout, first.stderr]);
      fs.writeFileSync(path.join(cache, written[0]), 'not a V8 code cache');
      const third = lint();
      assert.deepEqual([third.code, third.stdout, third.stderr], [first.code, first.stdout, first.stderr]);
      assert.notEqual(fs.readFileSync(path.join(cache, written[0]), 'utf8'), 'not a V8 code cache', 'rewritten after the rejected one');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
