// The pure parts of "prove this fix": package databases, risky removals, the change summary, the safe-class
// check on filesystem maps, the smoke command's words and the proof cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FsEntry, FsMap } from '../../../server/src/core/proof/filesystem';
import { diffPackages, packagesFromFilesystem, parseApkInstalled, parseDpkgStatus } from '../../../server/src/core/proof/packages';
import { riskyRemovals } from '../../../server/src/core/proof/risky';
import { summarizeChanges } from '../../../server/src/core/proof/fsDiff';
import { safeClaimProblems } from '../../../server/src/core/proof/safeCheck';
import { splitWords } from '../../../server/src/core/proof/smoke';
import { ProofCache } from '../../../server/src/core/proof/proofCache';
import { runStepPattern, stepCached } from '../../../server/src/core/proof/cacheReuse';

const file = (size: number, digest: string, content?: string): FsEntry => ({
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size,
  digest,
  ...(content ? { content: Buffer.from(content) } : {}),
});
const dir = (): FsEntry => ({ type: 'directory', mode: 0o755, uid: 0, gid: 0, size: 0, digest: '' });

const STATUS = `Package: curl\nStatus: install ok installed\nVersion: 7.88.1-10\nArchitecture: amd64\n\nPackage: ca-certificates\nStatus: install ok installed\nVersion: 20230311\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n`;

describe('proof parts', () => {
  it('reads dpkg status (installed only) and apk databases', () => {
    assert.deepEqual(
      [...parseDpkgStatus(STATUS)],
      [
        ['curl', '7.88.1-10'],
        ['ca-certificates', '20230311'],
      ],
    );
    assert.deepEqual(
      [...parseApkInstalled('C:x\nP:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r5\n')],
      [
        ['musl', '1.2.4-r2'],
        ['busybox', '1.36.1-r5'],
      ],
    );
    const map: FsMap = new Map([['/var/lib/dpkg/status', file(STATUS.length, 'a', STATUS)]]);
    assert.equal(packagesFromFilesystem(map)?.manager, 'dpkg');
    assert.equal(packagesFromFilesystem(new Map()), undefined);
  });

  it('diffs package sets and names risky removals', () => {
    const before = { manager: 'dpkg' as const, packages: parseDpkgStatus(STATUS) };
    const after = { manager: 'dpkg' as const, packages: new Map([['curl', '7.88.1-11']]) };
    const changes = diffPackages(before, after);
    assert.deepEqual(changes.removed, ['ca-certificates']);
    assert.deepEqual(changes.changed, [{ name: 'curl', before: '7.88.1-10', after: '7.88.1-11' }]);
    assert.deepEqual(
      riskyRemovals(['ca-certificates', 'libc6:amd64', 'bash', 'tzdata', 'locales', 'publicsuffix']).map((r) => r.name),
      ['ca-certificates', 'libc6:amd64', 'bash', 'tzdata', 'locales'],
    );
    assert.match(riskyRemovals(['ca-certificates'])[0].why, /HTTPS/);
  });

  it('summarises changes by folder, caches apart', () => {
    const before: FsMap = new Map([
      ['/etc', dir()],
      ['/etc/ssl/certs/a.pem', file(10, 'x')],
      ['/usr/bin/curl', file(100, 'c')],
      ['/var/lib/apt/lists/x', file(1000, 'l')],
    ]);
    const after: FsMap = new Map([
      ['/etc', dir()],
      ['/usr/bin/curl', file(120, 'd')],
      ['/usr/share/new', file(5, 'n')],
    ]);
    const summary = summarizeChanges(before, after, (p) => p.startsWith('/var/lib/apt/lists'));
    assert.deepEqual([summary.added, summary.removed, summary.changed, summary.ignored], [1, 1, 1, 1]);
    assert.deepEqual(summary.folders.map((f) => `${f.kind} ${f.folder} ${f.bytes}`).sort(), [
      'added /usr/share 5',
      'changed /usr/bin 20',
      'removed /etc/ssl 10',
    ]);
  });

  it('a safe claim allows caches and their folders only; packages and config must match', () => {
    const base = (): FsMap =>
      new Map([
        ['/root', dir()],
        ['/app/x', file(1, 'x')],
      ]);
    const withCache = base();
    withCache.set('/root/.cache', dir()).set('/root/.cache/pip', dir()).set('/root/.cache/pip/wheel', file(50, 'w'));
    const config = { Cmd: ['x'] };
    assert.deepEqual(safeClaimProblems({ fs: withCache, config }, { fs: base(), config }), []);
    const lost = base();
    lost.delete('/app/x');
    assert.match(safeClaimProblems({ fs: base(), config }, { fs: lost, config }).join('\n'), /missing after the fix: \/app\/x/);
    assert.match(safeClaimProblems({ fs: base(), config }, { fs: base(), config: { Cmd: ['y'] } }).join('\n'), /config Cmd changed/);
    const dpkg = { manager: 'dpkg' as const, packages: parseDpkgStatus(STATUS) };
    assert.match(
      safeClaimProblems(
        { fs: base(), config, packages: dpkg },
        { fs: base(), config, packages: { manager: 'dpkg', packages: new Map([['curl', '7.88.1-10']]) } },
      ).join('\n'),
      /packages no longer installed: ca-certificates/,
    );
  });

  it('splits a smoke command into words with quotes', () => {
    assert.deepEqual(splitWords(`curl -sS "https://a b" 'c d'e --version`), ['curl', '-sS', 'https://a b', 'c de', '--version']);
  });

  it('reads cached steps from both builders and matches RUN lines', () => {
    const pattern = runStepPattern('RUN  npm ci --omit=dev \\');
    assert.equal(stepCached('classic', 'Step 3/4 : RUN npm ci --omit=dev && x\n ---> Using cache\n', pattern), true);
    assert.equal(stepCached('buildkit', '#7 [3/4] RUN npm ci --omit=dev\n#7 CACHED\n', pattern), true);
    assert.equal(stepCached('buildkit', '#7 [3/4] RUN npm ci --omit=dev\n#7 DONE 1.0s\n', pattern), false);
  });

  it('keeps verdicts per key in memory and on disk', () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proof-cache-unit-'));
    try {
      const key = { dockerfileText: 'FROM a\n', contextDigest: 'd', engine: 'e' };
      new ProofCache<{ v: number }>(cacheDir).set(key, { v: 1 });
      assert.deepEqual(new ProofCache<{ v: number }>(cacheDir).get(key), { v: 1 }, 'a new process reads it from disk');
      assert.equal(new ProofCache(cacheDir).get({ ...key, dockerfileText: 'FROM b\n' }), undefined);
      assert.equal(new ProofCache(cacheDir).get({ ...key, engine: 'other' }), undefined);
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
