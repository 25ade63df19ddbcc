import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { analyzeImageArchive } from '../../../server/src/core/image/analyzeArchive';
import { ImageArchiveError } from '../../../server/src/core/image/archiveError';
import { readImageArchive } from '../../../server/src/core/image/archive';
import type { ChunkSource } from '../../../server/src/core/image/byteStreams';
import type { ImageReport } from '../../../common/image/types';
import { FileSpec, gzip, imageArchive, ImageSpec, layerTar, zstd } from './archiveBuilder';

/** Feeds the archive in small chunks, as a socket would. */
function streamOf(data: Buffer, chunk = 7919): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    })(),
  );
}

async function analyze(
  layers: FileSpec[][],
  spec: Partial<ImageSpec> = {},
  compress: (b: Buffer) => Buffer = (b) => b,
): Promise<ImageReport> {
  const tars = await Promise.all(layers.map(layerTar));
  const archive = await imageArchive({ ...spec, layers: tars.map(compress) });
  return analyzeImageArchive(streamOf(archive));
}

function checkInvariant(report: ImageReport): void {
  assert.equal(report.sizeBytes, report.visibleBytes + report.wastedBytes, 'every stored byte is visible or wasted, once');
  assert.equal(
    report.layers.reduce((s, l) => s + l.wastedBytes, 0),
    report.wastedBytes,
  );
  assert.equal(
    report.layers.reduce((s, l) => s + l.hidesBytes, 0),
    report.wastedBytes,
  );
}

describe('image analysis of generated archives', () => {
  it('counts a deleted file as wasted once, attributed to the writer and the deleter', async () => {
    const r = await analyze([
      [
        { name: 'junk', size: 1000 },
        { name: 'keep', size: 10 },
      ],
      [{ name: '.wh.junk' }],
    ]);
    assert.equal(r.sizeBytes, 1010);
    assert.equal(r.wastedBytes, 1000);
    assert.equal(r.efficiency, 10 / 1010);
    assert.deepEqual(
      r.wastedFiles.map((f) => [f.path, f.bytes, f.addedInLayer, f.hiddenInLayer, f.how]),
      [['/junk', 1000, 0, 1, 'deleted']],
    );
    assert.equal(r.layers[0].wastedBytes, 1000);
    assert.equal(r.layers[1].removedBytes, 1000);
    assert.equal(r.layers[1].hidesBytes, 1000);
    checkInvariant(r);
  });

  it('counts the overwritten copy as waste, never the visible one (dive #684)', async () => {
    const r = await analyze([
      [
        { name: 'etc/', type: 'directory' },
        { name: 'etc/conf', size: 500 },
      ],
      [{ name: 'etc/conf', size: 700 }],
      [{ name: 'etc/conf', size: 300 }],
    ]);
    assert.equal(r.wastedBytes, 1200);
    assert.equal(r.visibleBytes, 300);
    assert.equal(r.layers[1].modifiedBytes, 700);
    assert.equal(r.layers[1].addedBytes, 0);
    assert.deepEqual(
      r.wastedFiles.map((f) => [f.bytes, f.addedInLayer, f.hiddenInLayer, f.how]),
      [
        [700, 1, 2, 'overwritten'],
        [500, 0, 1, 'overwritten'],
      ],
    );
    checkInvariant(r);
  });

  it('applies opaque directories whichever side of the new contents the marker comes', async () => {
    for (const markerFirst of [true, false]) {
      const marker = { name: 'dir/.wh..wh..opq' };
      const newFile = { name: 'dir/c', size: 50 };
      const r = await analyze([
        [
          { name: 'dir/', type: 'directory' },
          { name: 'dir/a', size: 100 },
          { name: 'dir/sub/b', size: 200 },
        ],
        [{ name: 'dir/', type: 'directory' }, ...(markerFirst ? [marker, newFile] : [newFile, marker])],
      ]);
      assert.equal(r.wastedBytes, 300, `marker ${markerFirst ? 'first' : 'last'}`);
      assert.equal(r.visibleBytes, 50);
      assert.deepEqual(r.wastedFiles.map((f) => f.path).sort(), ['/dir/a', '/dir/sub/b']);
      assert.equal(r.layers[1].removedBytes, 300);
      checkInvariant(r);
    }
  });

  it('whiteouts of a directory hide everything under it', async () => {
    const r = await analyze([
      [
        { name: 'cache/x/1', size: 10 },
        { name: 'cache/x/2', size: 20 },
        { name: 'cache/3', size: 30 },
      ],
      [{ name: '.wh.cache' }],
    ]);
    assert.equal(r.wastedBytes, 60);
    assert.equal(r.wastedFileCount, 3);
    assert.equal(r.fileCount, 0);
  });

  it('hard links add no bytes and keep content visible while one name remains', async () => {
    const r1 = await analyze([
      [
        { name: 'a', size: 1000 },
        { name: 'b', type: 'link', linkname: 'a' },
      ],
      [{ name: '.wh.a' }],
    ]);
    assert.equal(r1.sizeBytes, 1000);
    assert.equal(r1.wastedBytes, 0);
    assert.equal(r1.visibleBytes, 1000);
    assert.equal(r1.layers[0].fileCount, 2);
    const r2 = await analyze([
      [
        { name: 'a', size: 1000 },
        { name: './b', type: 'link', linkname: './a' },
      ],
      [{ name: '.wh.a' }],
      [{ name: '.wh.b' }],
    ]);
    assert.deepEqual(
      r2.wastedFiles.map((f) => [f.path, f.bytes, f.addedInLayer, f.hiddenInLayer]),
      [['/a', 1000, 0, 2]],
    );
    checkInvariant(r2);
  });

  it('symlinks count as files of no bytes; largest files and directories come from the final filesystem', async () => {
    const r = await analyze([
      [
        { name: 'usr/lib/big', size: 5000 },
        { name: 'usr/lib/small', size: 5 },
        { name: 'bin/sh', type: 'symlink', linkname: '/usr/lib/big' },
      ],
    ]);
    assert.equal(r.fileCount, 3);
    assert.equal(r.sizeBytes, 5005);
    assert.deepEqual(
      r.largestFiles.map((f) => [f.path, f.bytes]),
      [
        ['/usr/lib/big', 5000],
        ['/usr/lib/small', 5],
      ],
    );
    assert.deepEqual(
      r.largestDirectories.slice(0, 2).map((d) => [d.path, d.bytes, d.files]),
      [
        ['/usr', 5005, 2],
        ['/usr/lib', 5005, 2],
      ],
    );
  });

  it('a file replacing a directory hides the directory, and a directory replacing a file hides the file', async () => {
    const r = await analyze([
      [
        { name: 'd/x', size: 40 },
        { name: 'f', size: 60 },
      ],
      [
        { name: 'd', size: 1 },
        { name: 'f/', type: 'directory' },
        { name: 'f/y', size: 2 },
      ],
    ]);
    assert.equal(r.wastedBytes, 100);
    checkInvariant(r);
  });

  const layers: FileSpec[][] = [
    [
      { name: 'junk', size: 20000 },
      { name: 'app', content: 'hello' },
    ],
    [{ name: '.wh.junk' }],
  ];
  for (const [name, compress] of [
    ['gzip', gzip],
    ['zstd', zstd],
  ] as const) {
    it(`reads ${name} layers like plain ones`, async () => {
      const r = await analyze(layers, {}, compress);
      assert.equal(r.sizeBytes, 20005);
      assert.equal(r.wastedBytes, 20000);
    });
  }

  for (const layout of ['docker', 'oci'] as const) {
    for (const metadataLast of [false, true]) {
      it(`reads the ${layout} layout with the metadata ${metadataLast ? 'after' : 'before'} the layers`, async () => {
        const r = await analyze(layers, { layout, metadataLast }, gzip);
        assert.equal(r.layout, layout);
        assert.equal(r.wastedBytes, 20000);
        assert.equal(r.layers.length, 2);
        assert.equal(r.layers[0].createdBy, '/bin/sh -c echo layer 0');
      });
    }
  }

  it('reads the Docker 25+ save layout (OCI blobs named by a classic manifest.json), gzip layers', async () => {
    const r = await analyze(layers, { layout: 'oci', withDockerManifest: true, metadataLast: true }, gzip);
    assert.equal(r.layout, 'oci');
    assert.equal(r.image, 'test/image:25');
    assert.equal(r.wastedBytes, 20000);
  });

  it('uses the OCI index to find the manifest when the same layer blob appears twice', async () => {
    const empty = await layerTar([]);
    const archive = await imageArchive({ layout: 'oci', layers: [await layerTar([{ name: 'a', size: 3 }]), empty, empty] });
    const r = await analyzeImageArchive(streamOf(archive));
    assert.equal(r.layers.length, 3);
    assert.equal(r.sizeBytes, 3);
  });

  it('takes the base layer count as an option and reports efficiency above it', async () => {
    const tars = await Promise.all(
      [
        [
          { name: 'base', size: 100 },
          { name: 'old', size: 50 },
        ],
        [
          { name: 'app', size: 10 },
          { name: 'tmp', size: 40 },
        ],
        [{ name: '.wh.tmp' }, { name: '.wh.old' }],
      ].map(layerTar),
    );
    const r = await analyzeImageArchive(streamOf(await imageArchive({ layers: tars })), { baseLayerCount: 1 });
    assert.equal(r.base.layerCount, 1);
    assert.equal(r.layers[0].inBase, true);
    assert.equal(r.aboveBase.sizeBytes, 50);
    assert.equal(r.aboveBase.wastedBytes, 40);
    assert.equal(r.aboveBase.efficiency, 10 / 50);
    assert.equal(r.aboveBase.baseBytesHidden, 50);
    assert.equal(r.wastedBytes, 90);
  });
});

describe('image analysis of bad archives', () => {
  async function good(): Promise<Buffer> {
    return imageArchive({ layers: [gzip(await layerTar([{ name: 'big', size: 300000 }])), await layerTar([{ name: 'x', size: 10 }])] });
  }
  async function rejects(data: Buffer | Readable, pattern: RegExp, options = {}): Promise<void> {
    await assert.rejects(analyzeImageArchive(Buffer.isBuffer(data) ? streamOf(data) : data, options), (error: unknown) => {
      assert.ok(error instanceof ImageArchiveError, `an ImageArchiveError, got ${String(error)}`);
      assert.match(error.message, pattern);
      return true;
    });
  }

  it('rejects a truncated archive at any cut', async () => {
    const data = await good();
    for (const cut of [100, 1024, 2048, Math.floor(data.length / 2), data.length - 2000]) {
      await rejects(data.subarray(0, cut), /ended early|incomplete|corrupt/);
    }
  });

  it('rejects garbage, an archive without a manifest, and a corrupt gzip layer', async () => {
    await rejects(Buffer.alloc(5000, 0x42), /corrupt|not an image/);
    await rejects(await layerTar([{ name: 'hello', size: 3 }]), /neither manifest.json nor index.json/);
    const layer = gzip(await layerTar([{ name: 'big', size: 300000 }]));
    layer.fill(0x13, 40, 200);
    await rejects(await imageArchive({ layers: [layer] }), /corrupt|ended early/);
  });

  for (const [name, compress] of [
    ['gzip', gzip],
    ['zstd', zstd],
  ] as const) {
    it(`rejects a ${name} layer cut short inside a well-formed archive`, async () => {
      const layer = compress(
        await layerTar([{ name: 'big', content: Buffer.from(Array.from({ length: 200000 }, (_, i) => (i * 7919) % 251)) }]),
      );
      await rejects(await imageArchive({ layers: [layer.subarray(0, Math.floor(layer.length / 2))] }), /corrupt|ended early/);
    });
  }

  it('rejects an archive whose manifest names a missing layer', async () => {
    const archive = await imageArchive({ layers: [await layerTar([{ name: 'a', size: 3 }])] });
    // Same archive without its layer entry: rebuild from the entries but the layer.
    const { extract, pack } = await import('tar-stream');
    const ex = extract();
    const pk = pack();
    const out: Buffer[] = [];
    pk.on('data', (c: unknown) => {
      out.push(c as Buffer);
    });
    const ended = new Promise<void>((resolve) => pk.on('end', () => resolve()));
    streamOf(archive).pipe(ex as unknown as NodeJS.WritableStream);
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      if (!entry.header.name.endsWith('layer.tar')) pk.entry({ name: entry.header.name }, Buffer.concat(chunks));
    }
    pk.finalize();
    await ended;
    await rejects(Buffer.concat(out), /incomplete: layer .* is missing/);
  });

  it('rejects when the source stream fails mid-way or the signal aborts', async () => {
    const data = await imageArchive({ layers: [await layerTar([{ name: 'big', size: 300000 }])] });
    const failing = Readable.from(
      (async function* () {
        yield data.subarray(0, 50000);
        throw new Error('socket hang up');
      })(),
    );
    await rejects(failing, /ended early/);
    const controller = new AbortController();
    const slow = Readable.from(
      (async function* () {
        for (let i = 0; i < data.length; i += 4096) {
          if (i === 8192) controller.abort();
          yield data.subarray(i, i + 4096);
          await new Promise((r) => setImmediate(r));
        }
      })(),
    );
    await rejects(slow, /cancelled/, { signal: controller.signal });
  });
});

describe('image archive read from lent pieces (the engine export reuses one read buffer)', () => {
  /** A ChunkSource lending every piece from one buffer, scribbled over after each call and after each wait. */
  function lendingSource(data: Buffer, chunk: number): ChunkSource {
    const shared = Buffer.alloc(chunk);
    return {
      destroy: () => undefined,
      async forEach(onChunk) {
        for (let at = 0; at < data.length; at += chunk) {
          const n = data.copy(shared, 0, at, at + chunk);
          const wait = onChunk(shared.subarray(0, n));
          shared.fill(0xa5); // whatever was not copied is gone now
          if (wait) {
            await wait;
            shared.fill(0x5a);
          }
        }
      },
    };
  }

  for (const [name, compress] of [
    ['plain', (b: Buffer) => b],
    ['gzip', gzip],
    ['zstd', zstd],
  ] as const) {
    it(`${name} layers: the same contents as from a stream, key and credential files included`, async () => {
      const layers: FileSpec[][] = [
        [
          { name: 'etc/', type: 'directory' },
          { name: 'etc/big', content: randomBytes(300_000) }, // incompressible: a gzip layer of many pieces
          {
            name: 'home/u/.ssh/id_rsa',
            content: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
          },
          { name: 'app/.env', content: 'API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n' },
        ],
        [{ name: 'etc/.wh.big' }, { name: 'x'.repeat(150), size: 10 }],
      ];
      const tars = await Promise.all(layers.map(layerTar));
      // A config of a few KB: it spans many pieces too.
      const env = Array.from({ length: 60 }, (_, i) => `VARIABLE_${i}=value-${i}`);
      const archive = await imageArchive({ layers: tars.map(compress), layout: 'oci', env });
      const fromStream = await readImageArchive(streamOf(archive));
      for (const chunk of [97, 65_536]) {
        assert.deepEqual(await readImageArchive(lendingSource(archive, chunk)), fromStream, `pieces of ${chunk} bytes`);
      }
      assert.equal(fromStream.layers[0].secretFiles.length, 2);
      assert.equal(fromStream.config.env.length, 60);
    });
  }

  it('finds a private key at any path after leading white space, and nothing in files that only mention one', async () => {
    const key = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n';
    const files: FileSpec[] = [
      { name: 'srv/a', content: key },
      { name: 'srv/b', content: `\n\n\t ${key}` },
      { name: 'srv/c', content: Buffer.concat([Buffer.from([0xa0, 0x0d, 0x0a, 0x0b, 0x0c]), Buffer.from(key)]) },
      { name: 'srv/d', content: `${' '.repeat(300)}${key}` }, // past the first 256 bytes: not a key file
      { name: 'srv/e', content: `x${key}` },
      { name: 'srv/f', content: `# ${key}` },
      { name: 'srv/g', content: '\n\n' },
      { name: 'srv/h', content: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
    ];
    const archive = await imageArchive({ layers: [await layerTar(files)], layout: 'oci' });
    for (const chunk of [1, 7, 65_536]) {
      const contents = await readImageArchive(lendingSource(archive, chunk));
      const found = contents.layers[0].secretFiles.map((f) => `${f.path} ${f.kind}`);
      assert.deepEqual(found, ['srv/a private key', 'srv/b private key', 'srv/c private key'], `pieces of ${chunk} bytes`);
    }
  });
});
