// A gzip layer of several MB fed in small lent pieces (as Docker 28 sends it): the scanner copies them into the
// large buffers it hands zlib and reuses (core/image/layerScanner.ts), and must read the same entries as from the
// plain layer, whatever the piece size, with every piece scribbled over once it was handed in.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LayerScanner, scanLayer } from '../../../server/src/core/image/layerScanner';
import { gzip, layerTar } from './archiveBuilder';

async function* once(data: Buffer): AsyncIterable<Buffer> {
  yield data;
}

/** Feeds `data` in pieces of `size` bytes out of one reused buffer, waiting when the scanner asks. */
async function scanInLentPieces(data: Buffer, size: number) {
  const scanner = new LayerScanner();
  const lent = Buffer.alloc(size);
  for (let offset = 0; offset < data.length; offset += size) {
    const n = data.copy(lent, 0, offset, offset + size);
    const wait = scanner.write(lent.subarray(0, n));
    lent.fill(0xa5); // whoever kept the piece without copying it now reads garbage
    if (wait) await wait;
  }
  await scanner.end();
  return scanner.scan;
}

describe('gzip layers in lent pieces', () => {
  it('reads a 6 MB layer (several zlib buffers) the same as the plain layer, at any piece size', async () => {
    const files = [
      { name: 'etc/key.pem', content: '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n' },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `data/blob-${i}`, content: randomBytes(1_000_000 + i * 777) })),
      ...Array.from({ length: 200 }, (_, i) => ({ name: `many/f${i}`, size: i })),
    ];
    const plain = await layerTar(files);
    const expected = await scanLayer(once(plain));
    assert.equal(expected.entries.length, files.length);
    assert.equal(expected.secretFiles.length, 1, 'the key is found in the plain layer');
    const compressed = gzip(plain);
    assert.ok(compressed.length > 5_000_000);
    for (const size of [511, 4096, 65_536, 3_000_000]) {
      assert.deepEqual(await scanInLentPieces(compressed, size), expected, `pieces of ${size} bytes`);
    }
  });

  it('rejects a gzip layer cut short', async () => {
    const compressed = gzip(await layerTar([{ name: 'a', content: randomBytes(3_000_000) }]));
    await assert.rejects(scanInLentPieces(compressed.subarray(0, 2_500_000), 4096));
  });
});
