// ShellCheck's result cache on its own (core/shellcheck/resultCache.ts): what a key depends on, what survives a
// broken entry, and that only the most recently used binaries keep results.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_BINARIES, resultCacheFor, useResultCache } from '../../../server/src/core/shellcheck/resultCache';
import type { ShellcheckComment } from '../../../server/src/core/shellcheck/runner';

const COMMENT: ShellcheckComment = { line: 1, column: 6, endLine: 1, endColumn: 8, level: 'info', code: 2086, message: 'Double quote' };

describe('ShellCheck result cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-result-cache-'));
    useResultCache(path.join(dir, 'cache'));
  });
  afterEach(() => {
    useResultCache(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const binary = (name: string, text = '#!/bin/sh\n') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, { mode: 0o755 });
    return file;
  };

  it('gives back what was kept for the same binary, arguments and script, and nothing for any other', () => {
    const a = binary('a');
    resultCacheFor(a, ['--format=json1'])!.set('echo $x', [COMMENT]);
    assert.deepEqual(resultCacheFor(a, ['--format=json1'])!.get('echo $x'), [COMMENT]);
    assert.equal(resultCacheFor(a, ['--format=json1'])!.get('echo "$x"'), undefined);
    assert.equal(resultCacheFor(a, ['--format=json1', '--exclude=SC2086'])!.get('echo $x'), undefined);
    fs.appendFileSync(a, '# a new version\n');
    assert.equal(resultCacheFor(a, ['--format=json1'])!.get('echo $x'), undefined, 'the binary changed');
  });

  it('keeps nothing without a folder or a binary, and treats a broken entry as missing', () => {
    assert.equal(resultCacheFor(path.join(dir, 'missing'), []), undefined);
    const a = binary('a');
    const cache = resultCacheFor(a, [])!;
    cache.set('true', []);
    const [folder] = fs.readdirSync(path.join(dir, 'cache'));
    const [entry] = fs.readdirSync(path.join(dir, 'cache', folder));
    fs.writeFileSync(path.join(dir, 'cache', folder, entry), '{not json');
    assert.equal(cache.get('true'), undefined);
    useResultCache(undefined);
    assert.equal(resultCacheFor(a, []), undefined);
  });

  it(`keeps the results of the ${MAX_BINARIES} most recently used binaries only`, () => {
    for (let i = 0; i <= MAX_BINARIES; i++) {
      const cache = resultCacheFor(binary(`b${i}`, `#!/bin/sh\n# ${i}\n`), [])!;
      cache.set('true', []);
      // Folder times order the binaries: make each later than the one before.
      const folders = fs.readdirSync(path.join(dir, 'cache'));
      for (const f of folders) {
        const t = fs.statSync(path.join(dir, 'cache', f)).mtimeMs / 1000 - 1;
        fs.utimesSync(path.join(dir, 'cache', f), t, t);
      }
    }
    assert.equal(fs.readdirSync(path.join(dir, 'cache')).length, MAX_BINARIES);
    assert.equal(resultCacheFor(path.join(dir, 'b0'), [])!.get('true'), undefined, 'the oldest binary lost its results');
    assert.deepEqual(resultCacheFor(path.join(dir, `b${MAX_BINARIES}`), [])!.get('true'), []);
  });
});
