// "Analyze image" against the real engine: images built here from the busybox base with both builders,
// exported through the Engine API and analysed as they stream. No mocks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { analyzeImage } from '../../server/src/core/image/analyzeImage';
import { analyzeImageArchive } from '../../server/src/core/image/analyzeArchive';
import { ImageArchiveError } from '../../server/src/core/image/archiveError';
import type { ImageReport } from '../../common/image/types';
import { dockerCli } from '../helpers/dockerCli';

const PREFIX = 'layerwise-test-analysis-';
const MB = 1024 * 1024;
const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-analysis-'));
const created: string[] = [];

/** Builds `text` as `PREFIX+name` with the classic builder or BuildKit; returns the tag and the Dockerfile path. */
function build(name: string, text: string, buildkit = false): { tag: string; dockerfile: string } {
  const tag = `${PREFIX}${name}:1`;
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  const dockerfile = path.join(dir, 'Dockerfile');
  fs.writeFileSync(dockerfile, text);
  const result = spawnSync(dockerCli(), ['build', '-q', '-t', tag, dir], {
    env: { ...process.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`docker build of ${tag} failed: ${result.stderr || result.error?.message}`);
  created.push(tag);
  return { tag, dockerfile };
}

async function analyzeBuilt(docker: Dockerode, built: { tag: string; dockerfile: string }): Promise<ImageReport> {
  return analyzeImage(docker, built.tag, { dockerfile: { path: built.dockerfile, text: fs.readFileSync(built.dockerfile, 'utf8') } });
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
}

describe('analyze image (real engine)', function () {
  this.timeout(300_000);
  let docker: Dockerode;
  let busybox: string;

  before(async () => {
    docker = await requireEngine();
    busybox = await requireBaseImage('busybox');
  });

  after(() => {
    if (created.length) spawnSync(dockerCli(), ['rmi', '-f', ...created.reverse()], { encoding: 'utf8' });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const buildkit of [false, true]) {
    it(`a 20 MB file written then deleted is wasted exactly, tied to both lines (${buildkit ? 'BuildKit' : 'classic'})`, async () => {
      const built = build(
        `deleted-${buildkit ? 'bk' : 'classic'}`,
        `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=20\nRUN echo hi > /hello\nRUN rm /junk\n`,
        buildkit,
      );
      const report = await analyzeBuilt(docker, built);
      assert.equal(report.wastedBytes, 20 * MB);
      assert.equal(report.base.layerCount, 2);
      assert.equal(report.base.how, 'rootfs');
      assert.equal(report.aboveBase.wastedBytes, 20 * MB);
      const [junk] = report.wastedFiles;
      assert.deepEqual(
        [junk.path, junk.bytes, junk.addedInLayer, junk.hiddenInLayer, junk.addedLine, junk.hiddenLine, junk.how],
        ['/junk', 20 * MB, 2, 4, 2, 4, 'deleted'],
      );
      assert.equal(report.layers[2].line, 2);
      assert.equal(report.layers[2].wastedBytes, 20 * MB);
      assert.equal(report.layers[4].removedBytes, 20 * MB);
      assert.deepEqual(report.wastePairs[0].fix, {
        rule: 'cleanup-in-later-layer',
        title: 'Fold line 4 into line 2, saves 21 MB',
        savesBytes: 20 * MB,
      });
      assert.equal(report.sizeBytes, report.visibleBytes + report.wastedBytes);
    });
  }

  it('a file overwritten by a later layer wastes the old copy only', async () => {
    const built = build(
      'overwrite',
      `FROM ${busybox}\nRUN dd if=/dev/zero of=/data bs=1M count=1\nRUN dd if=/dev/zero of=/data bs=1M count=2\n`,
    );
    const report = await analyzeBuilt(docker, built);
    assert.equal(report.wastedBytes, MB);
    assert.deepEqual(
      report.wastedFiles.map((f) => [f.path, f.bytes, f.how, f.addedLine, f.hiddenLine]),
      [['/data', MB, 'overwritten', 2, 3]],
    );
    assert.equal(report.layers[3].modifiedBytes, 2 * MB);
    assert.deepEqual(
      report.largestFiles.find((f) => f.path === '/data'),
      { path: '/data', bytes: 2 * MB },
    );
    assert.equal(report.wastePairs[0].fix?.rule, 'consecutive-run');
  });

  it('an opaque directory replacement (rm -rf dir && mkdir dir && add files) hides the old contents', async () => {
    const built = build(
      'opaque',
      `FROM ${busybox}\nRUN mkdir -p /d/sub && dd if=/dev/zero of=/d/a bs=1M count=1 && dd if=/dev/zero of=/d/sub/b bs=1M count=1\nRUN rm -rf /d && mkdir /d && echo new > /d/c\n`,
    );
    const report = await analyzeBuilt(docker, built);
    assert.equal(report.wastedBytes, 2 * MB);
    assert.deepEqual(report.wastedFiles.map((f) => f.path).sort(), ['/d/a', '/d/sub/b']);
    assert.equal(report.layers[3].removedBytes, 2 * MB);
    assert.ok(report.largestDirectories.some((d) => d.path === '/d' && d.bytes === 4 && d.files === 1));
  });

  it('hard links add no bytes and symlinks none; content stays while one name remains', async () => {
    const built = build('links', `FROM ${busybox}\nRUN dd if=/dev/zero of=/h1 bs=1M count=3 && ln /h1 /h2 && ln -s /h1 /s1\nRUN rm /h1\n`);
    const report = await analyzeBuilt(docker, built);
    assert.equal(report.layers[2].sizeBytes, 3 * MB);
    assert.equal(report.wastedBytes, 0);
    assert.deepEqual(
      report.largestFiles.find((f) => f.path === '/h2'),
      { path: '/h2', bytes: 3 * MB },
    );
  });

  it('a base of several layers counts as the base (rootfs chain), and deleting its files is flagged', async () => {
    const base = build('base3', `FROM ${busybox}\nRUN dd if=/dev/zero of=/b1 bs=1M count=1\n`);
    const built = build('onbase', `FROM ${base.tag}\nRUN echo app > /app\nRUN rm /b1\n`);
    const report = await analyzeBuilt(docker, built);
    assert.deepEqual(report.base, { layerCount: 3, how: 'rootfs', image: base.tag });
    assert.deepEqual(
      report.layers.map((l) => l.inBase),
      [true, true, true, false, false],
    );
    assert.equal(report.aboveBase.wastedBytes, 0);
    assert.equal(report.aboveBase.baseBytesHidden, MB);
    assert.equal(report.wastedBytes, MB);
    assert.equal(report.wastePairs[0].fix?.rule, 'large-base-image');
    // Without the base image at hand the history decides: remove nothing, just ask with no rootfs match.
    const byOption = await analyzeImage(docker, built.tag, { baseLayerCount: 3 });
    assert.equal(byOption.aboveBase.sizeBytes, report.aboveBase.sizeBytes);
  });

  it('with the base image gone, the history finds the base; an edited line is left unlinked, never mislinked', async () => {
    const base = build('gonebase', `FROM ${busybox}\nRUN echo base > /base\n`);
    const built = build('ongone', `FROM ${base.tag}\nRUN dd if=/dev/zero of=/junk bs=1M count=1\nRUN rm /junk\n`);
    spawnSync(dockerCli(), ['rmi', base.tag]); // untags it; the layers stay as the image's own
    const report = await analyzeBuilt(docker, built);
    assert.deepEqual([report.base.layerCount, report.base.how], [3, 'history']);
    assert.deepEqual(report.wastePairs[0].fix?.title, 'Fold line 3 into line 2, saves 1.0 MB');
    fs.writeFileSync(built.dockerfile, `FROM ${base.tag}\nRUN dd if=/dev/zero of=/junk bs=1M count=2\nRUN rm /junk\n`);
    const edited = await analyzeBuilt(docker, built);
    assert.equal(edited.layers[3].line, undefined, 'the edited line is not tied to the old layer');
    assert.equal(edited.layers[4].line, 3);
    assert.equal(edited.wastePairs[0].fix, undefined);
  });

  it('keeps hostile history and file names as data, and reports a token in an ENV without its value', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const built = build(
      'hostile',
      `FROM ${busybox}\nENV API_TOKEN=tok-3f9a8b7c6d5e4f\nRUN mkdir -p '/h/<' && echo 1 > '/h/${hostile}' && echo 2 > '/h/</script>' && echo '${hostile}</script>'\n`,
    );
    const report = await analyzeBuilt(docker, built);
    assert.ok(report.layers.some((l) => l.createdBy.includes(hostile) && l.createdBy.includes('</script>')));
    const paths = report.largestFiles.map((f) => f.path);
    assert.ok(paths.includes(`/h/${hostile}`) && paths.includes('/h/</script>'), paths.join(', '));
    // Both the config's ENV and the history's ENV entry carry it.
    assert.deepEqual(
      report.secrets.map((s) => [s.kind, s.where, s.path]),
      [
        ['credential-looking value', 'env', 'API_TOKEN'],
        ['credential-looking value', 'history', 'API_TOKEN'],
      ],
    );
    const result = cli(['analyze', '--format', 'json', built.tag]);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(!result.stdout.includes('tok-3f9a8b7c6d5e4f'), 'the secret value is never printed');
    assert.ok(result.stdout.includes('API_TOKEN'));
  });

  it('reads the OCI layout written by skopeo the same as the engine export', async () => {
    const built = build('oci', `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=2 && echo keep > /keep\nRUN rm /junk\n`);
    const file = path.join(tmp, 'image.oci.tar');
    const copy = spawnSync('skopeo', ['copy', '--quiet', `docker-daemon:${built.tag}`, `oci-archive:${file}`], { encoding: 'utf8' });
    if (copy.error || copy.status !== 0)
      throw new Error(`skopeo copy failed (apt-get install skopeo): ${copy.error?.message ?? copy.stderr}`);
    const fromOci = await analyzeImageArchive(fs.createReadStream(file), { baseLayerCount: 2 });
    const fromEngine = await analyzeImage(docker, built.tag, { baseLayerCount: 2 });
    assert.equal(fromOci.layout, 'oci');
    assert.equal(fromEngine.layout, 'docker');
    assert.equal(fromOci.wastedBytes, 2 * MB);
    for (const key of ['sizeBytes', 'wastedBytes', 'visibleBytes', 'fileCount'] as const) assert.equal(fromOci[key], fromEngine[key], key);
    assert.deepEqual(
      fromOci.layers.map((l) => l.sizeBytes),
      fromEngine.layers.map((l) => l.sizeBytes),
    );
  });

  it('the CLI prints the JSON of the issue and exits 1 on a broken threshold, 2 on errors', async () => {
    const built = build('cli', `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=1\nRUN rm /junk\n`);
    const ok = cli(['analyze', '--format', 'json', '--dockerfile', built.dockerfile, '--max-wasted', '2MB', built.tag]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stderr, '', 'no progress on a non-terminal stderr');
    const json = JSON.parse(ok.stdout);
    assert.deepEqual(Object.keys(json).slice(0, 6), ['image', 'sizeBytes', 'wastedBytes', 'efficiency', 'layers', 'wastedFiles']);
    assert.deepEqual(Object.keys(json.layers[0]).slice(0, 5), ['index', 'sizeBytes', 'createdBy', 'line', 'wastedBytes']);
    assert.deepEqual(json.wastedFiles[0], { ...json.wastedFiles[0], path: '/junk', bytes: MB, addedInLayer: 2, hiddenInLayer: 3 });
    assert.deepEqual(
      json.layers.map((l: { line: number | null }) => l.line),
      [1, 1, 2, 3],
      'base layers on the FROM line',
    );
    const broken = cli(['analyze', '--min-efficiency', '0.9', built.tag]);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /efficiency .* is below 0.9/);
    const tooMuch = cli(['analyze', '--max-wasted', '1000', built.tag]);
    assert.equal(tooMuch.status, 1);
    const missing = cli(['analyze', `${PREFIX}does-not-exist:1`]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /No image/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    const usage = cli(['analyze', '--min-efficiency', 'high', built.tag]);
    assert.equal(usage.status, 2);
  });

  it('a stream the engine stops sending mid-way, or a cancel, ends in a clear error, never a report', async () => {
    const built = build('cut', `FROM ${busybox}\nRUN dd if=/dev/urandom of=/r bs=1M count=30\n`);
    // Cut the engine's HTTP connection itself after 5 MB: what a dying engine does.
    const stream = (await docker.getImage(built.tag).get()) as unknown as Readable & { socket?: { destroy(): void } };
    let seen = 0;
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > 5 * MB) stream.socket?.destroy();
    });
    await assert.rejects(
      analyzeImageArchive(stream),
      (e: unknown) => e instanceof ImageArchiveError && /ended early|corrupt/.test(e.message),
    );
    const controller = new AbortController();
    await assert.rejects(
      analyzeImage(docker, built.tag, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesRead > 8 * MB) controller.abort();
        },
      }),
      (e: unknown) => e instanceof ImageArchiveError && /cancelled/.test(e.message),
    );
  });

  it('an image removed while it is read gives an error or a complete report, never a partial one', async () => {
    const built = build(
      'removed',
      `FROM ${busybox}\nRUN dd if=/dev/urandom of=/r bs=1M count=40\nRUN dd if=/dev/urandom of=/s bs=1M count=40\n`,
    );
    let removed = false;
    const result = await analyzeImage(docker, built.tag, {
      onProgress: (p) => {
        if (!removed && p.bytesRead > 4 * MB) {
          removed = true;
          spawnSync(dockerCli(), ['rmi', '-f', built.tag]);
        }
      },
    }).then(
      (report) => report,
      (error: unknown) => error,
    );
    assert.ok(removed, 'the image was removed during the read');
    if (result instanceof Error) {
      assert.ok(result instanceof ImageArchiveError, String(result));
    } else {
      // The engine kept the layers open and finished the export: then every byte must be there.
      const report = result as ImageReport;
      assert.equal(report.layers.length, 4);
      assert.equal(report.layers[2].sizeBytes, 40 * MB);
      assert.equal(report.layers[3].sizeBytes, 40 * MB);
    }
  });
});
