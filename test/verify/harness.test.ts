// The harness's own checks can fail: a real filesystem difference, config change and cache miss are seen.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBaseImage } from '../helpers/docker';
import { build, removeImages, stepCached, TAG_PREFIX, inspectImage } from './dockerCli';
import { exportedFilesystem, imageFilesystem } from './filesystem';
import { isPackageDatabase } from '../../server/src/core/proof/packages';
import { listingCacheDir, loadListing } from './listingCache';
import { diffConfig, diffFilesystems } from './compare';
import { verifyFixture } from './verifyFixture';
import type { Fixture } from './fixtures';
import { allRules } from '../../server/src/core/rules/index';
import { initShellParser } from '../../server/src/core/shell/index';

describe('fix-verification harness checks', function () {
  this.timeout(300_000);
  const tags = [`${TAG_PREFIX}self-a-${process.pid}`, `${TAG_PREFIX}self-b-${process.pid}`];
  let dir: string;

  before(async () => {
    await requireBaseImage('busybox');
    await initShellParser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-verify-self-'));
  });
  after(async () => {
    await removeImages(tags);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a changed file, a lost file, a new file and a changed config field between two real images', async () => {
    const a =
      'FROM layerwise-test/busybox:1\nRUN echo one > /same && echo a > /changed && echo gone > /lost && mkdir -p /cache && echo x > /cache/x\nCMD ["cat", "/same"]\n';
    const b =
      'FROM layerwise-test/busybox:1\nRUN echo one > /same && echo b > /changed && echo new > /added && chmod 600 /same\nUSER 1000\nCMD ["cat", "/same"]\n';
    for (const [k, text] of [a, b].entries()) {
      fs.writeFileSync(path.join(dir, `Dockerfile.${k}`), text);
      const result = await build('classic', dir, path.join(dir, `Dockerfile.${k}`), tags[k]);
      assert.ok(result.ok, result.log);
    }
    const diff = diffFilesystems(await imageFilesystem(tags[0]), await imageFilesystem(tags[1]), { removable: ['/cache'] });
    const paths = diff.problems.map((p) => /: (\/[^\s:]+)/.exec(p)?.[1]).sort();
    assert.deepEqual(paths, ['/added', '/changed', '/lost', '/same']);
    assert.equal(diff.removedBytes, 2, 'the removable /cache/x (2 bytes) counts as removed');
    const config = diffConfig((await inspectImage(tags[0])).config, (await inspectImage(tags[1])).config);
    assert.deepEqual(config, ['config User changed: "" → "1000"']);
  });

  it('keeps a listing under the image ID that equals a fresh export of the same image', async () => {
    // A cache of its own, whatever the environment says, so the test always runs.
    const saved = { cache: process.env.LAYERWISE_CACHE, off: process.env.LAYERWISE_VERIFY_LISTING_CACHE };
    process.env.LAYERWISE_CACHE = path.join(dir, 'cache');
    delete process.env.LAYERWISE_VERIFY_LISTING_CACHE;
    try {
      await listingRoundTrip();
    } finally {
      if (saved.cache === undefined) delete process.env.LAYERWISE_CACHE;
      else process.env.LAYERWISE_CACHE = saved.cache;
      if (saved.off !== undefined) process.env.LAYERWISE_VERIFY_LISTING_CACHE = saved.off;
    }
  });

  async function listingRoundTrip(): Promise<void> {
    assert.ok(listingCacheDir()?.startsWith(dir));
    const tag = `${TAG_PREFIX}self-listing-${process.pid}`;
    tags.push(tag);
    fs.writeFileSync(path.join(dir, 'Dockerfile.listing'), `FROM layerwise-test/busybox:1\nRUN echo ${process.pid} > /unique\n`);
    assert.ok((await build('buildkit', dir, path.join(dir, 'Dockerfile.listing'), tag)).ok);
    const first = await imageFilesystem(tag);
    const stored = loadListing((await inspectImage(tag)).id);
    assert.ok(stored, 'the listing was stored under the image ID');
    assert.deepEqual(stored, first);
    assert.deepEqual(await imageFilesystem(tag), await exportedFilesystem(tag, { keepContent: isPackageDatabase }));
    assert.equal(stored.get('/unique')?.size, String(process.pid).length + 1);
  }

  it("reads cache hits and misses from both builders' logs", () => {
    const classic = 'Step 2/4 : COPY . .\n ---> 1a2b\nStep 3/4 : RUN npm ci\n ---> Using cache\n ---> 3c4d\n';
    assert.equal(stepCached('classic', classic, /npm ci/), true);
    assert.equal(stepCached('classic', classic, /COPY/), false);
    assert.equal(stepCached('classic', classic, /pip/), undefined);
    const buildkit =
      '#6 [2/4] COPY . .\n#6 DONE 0.1s\n\n#7 [3/4] RUN npm ci\n#7 CACHED\n\n#8 [build 4/4] RUN make\n#8 0.3 ok\n#8 DONE 0.4s\n';
    assert.equal(stepCached('buildkit', buildkit, /npm ci/), true);
    assert.equal(stepCached('buildkit', buildkit, /make/), false);
  });

  it('fails a safe fix that changes the installed packages: apt-install-recommends mislabelled safe in-process', async function () {
    this.timeout(900_000);
    const debian = await requireBaseImage('debian');
    const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-verify-mislabelled-'));
    fs.writeFileSync(
      path.join(fixtureDir, 'Dockerfile'),
      `FROM ${debian}\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "--version"]\n`,
    );
    // fixture.json as a careless author would write it: packages may go. A safe fix must not make use of that.
    const fixture: Fixture = {
      name: 'mislabelled',
      dir: fixtureDir,
      dockerfile: fs.readFileSync(path.join(fixtureDir, 'Dockerfile'), 'utf8'),
      spec: {
        description: 'curl with recommends',
        builder: 'buildkit',
        fixes: ['apt-install-recommends'],
        onlyRules: ['apt-install-recommends'],
        packagesMayGo: true,
        // What ca-certificates' maintainer script makes, listed by no package.
        removable: ['/var/lib/apt/lists', '/var/cache/apt', '/etc/ca-certificates.conf', '/usr/local/share/ca-certificates'],
      },
    };
    const rule = allRules.find((r) => r.meta.id === 'apt-install-recommends')!;
    const check = rule.check;
    try {
      const honest = await verifyFixture(fixture);
      assert.deepEqual(honest.problems, [], 'labelled build-changing, the fix is within what the fixture allows');
      rule.check = (model, context) => check(model, context).map((r) => ({ ...r, fixes: r.fixes?.map((f) => ({ ...f, safe: true })) }));
      const mislabelled = await verifyFixture(fixture);
      assert.ok(
        mislabelled.problems.some((p) =>
          /^a safe fix \(apt-install-recommends\) changed the build: packages no longer installed: .*\bca-certificates\b/.test(p),
        ),
        mislabelled.problems.join('\n'),
      );
      assert.ok(
        mislabelled.problems.some((p) => /changed the build: missing after the fix: \/etc\/ssl\/certs/.test(p)),
        mislabelled.problems.join('\n'),
      );
    } finally {
      rule.check = check;
      fs.rmSync(fixtureDir, { recursive: true, force: true });
    }
  });
});
