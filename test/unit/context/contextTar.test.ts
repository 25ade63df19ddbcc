// The Engine-API build's context tar: exactly the listed paths, regular files with their bytes and mode,
// symlinks as links, FIFOs as FIFOs (never opened: that would block), vanished files left out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tar from 'tar-stream';
import { packContext } from '../../../server/src/core/context/contextTar';
import { makeHostileFile } from '../../helpers/hostileFiles';

async function entries(
  stream: NodeJS.ReadableStream,
): Promise<{ name: string; type: string; mode?: number; linkname?: string | null; body: string }[]> {
  const extract = tar.extract();
  const found: { name: string; type: string; mode?: number; linkname?: string | null; body: string }[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      found.push({
        name: entry.header.name,
        type: entry.header.type ?? '',
        mode: entry.header.mode,
        linkname: entry.header.linkname,
        body: Buffer.concat(chunks).toString(),
      });
    }
  })();
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return found;
}

describe('context/contextTar', function () {
  this.timeout(20_000);
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-tar-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('packs files, symlinks and FIFOs as they are, and only the listed paths', async () => {
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(root, 'empty'), '');
    fs.writeFileSync(path.join(root, 'not-listed'), 'x');
    fs.symlinkSync('sub/run.sh', path.join(root, 'link'));
    makeHostileFile(path.join(root, 'pipe'), 'fifo');
    const packed = await entries(packContext(root, ['sub/run.sh', 'empty', 'link', 'pipe', 'vanished']));
    assert.deepEqual(
      packed.map((e) => [e.name, e.type]),
      [
        ['sub/run.sh', 'file'],
        ['empty', 'file'],
        ['link', 'symlink'],
        ['pipe', 'fifo'],
      ],
    );
    assert.equal(packed[0].body, '#!/bin/sh\n');
    assert.equal((packed[0].mode ?? 0) & 0o777, 0o755);
    assert.equal(packed[2].linkname, 'sub/run.sh');
  });
});
