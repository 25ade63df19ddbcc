// The analysis's lean tar reader against tar-stream's extract on the same bytes: the same entries (names from
// PAX and GNU long-name records too), bodies and errors, however the bytes are cut into chunks.
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { TarReader } from '../../../server/src/core/image/tarReader';

interface Seen {
  name: string;
  type: string | null;
  size: number;
  linkname: string | null;
  body: string;
}

/** What the lean reader sees, fed `chunkSize` bytes at a time. */
function readLean(data: Buffer, chunkSize: number): Seen[] {
  const seen: Seen[] = [];
  const reader = new TarReader((header) => {
    const pieces: Buffer[] = [];
    return {
      data: (piece) => void pieces.push(Buffer.from(piece)),
      end: () => void seen.push({ ...header, body: Buffer.concat(pieces).toString('base64') }),
    };
  });
  for (let at = 0; at < data.length; at += chunkSize) reader.write(data.subarray(at, at + chunkSize));
  reader.end();
  return seen;
}

/** What tar-stream's extract sees. */
async function readTarStream(data: Buffer): Promise<Seen[]> {
  const extract = tar.extract();
  Readable.from([data]).pipe(extract as unknown as NodeJS.WritableStream);
  const seen: Seen[] = [];
  for await (const entry of extract) {
    const pieces: Buffer[] = [];
    for await (const piece of entry) pieces.push(piece as Buffer);
    const { name, type, size, linkname } = entry.header;
    seen.push({ name, type: type ?? null, size: size ?? 0, linkname: linkname ?? null, body: Buffer.concat(pieces).toString('base64') });
  }
  return seen;
}

async function pack(entries: { header: Partial<tar.Header> & { name: string }; body?: Buffer }[]): Promise<Buffer> {
  const packer = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    packer.on('data', (chunk: unknown) => void chunks.push(chunk as Buffer));
    packer.on('end', () => resolve(Buffer.concat(chunks)));
  });
  for (const { header, body } of entries) {
    await new Promise<void>((resolve, reject) => packer.entry(header, body ?? Buffer.alloc(0), (e) => (e ? reject(e) : resolve())));
  }
  packer.finalize();
  return done;
}

/** A GNU `././@LongLink` record (type L) naming the entry after it, as GNU tar writes for paths over 100 bytes. */
function gnuLongName(name: string): Buffer {
  const body = Buffer.from(name + '\0');
  const header = Buffer.alloc(512);
  header.write('././@LongLink', 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write('L', 156);
  header.write('ustar  \0', 257);
  header.write('        ', 148);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  body.copy(padded);
  return Buffer.concat([header, padded]);
}

const LONG_DIR = 'usr/share/' + 'very-long-directory-name/'.repeat(8);

async function sample(): Promise<Buffer> {
  const bytes = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 31) % 256));
  return pack([
    { header: { name: 'etc/', type: 'directory' } },
    { header: { name: 'etc/hostname' }, body: Buffer.from('box\n') },
    { header: { name: 'empty' } },
    { header: { name: 'data/blob.bin' }, body: bytes },
    { header: { name: `${LONG_DIR}file-with-a-long-path.txt` }, body: Buffer.from('long') },
    { header: { name: 'link-to-long', type: 'symlink', linkname: `/${LONG_DIR}file-with-a-long-path.txt` } },
    { header: { name: 'hard', type: 'link', linkname: 'etc/hostname' } },
    { header: { name: 'ünïcode/名前.txt' }, body: Buffer.from('u') },
    { header: { name: 'var/.wh..wh..opq' } },
  ]);
}

describe('lean tar reader', () => {
  it('reads the entries and bodies tar-stream reads (PAX long names and links, unicode), at any chunk size', async () => {
    const data = await sample();
    const expected = await readTarStream(data);
    assert.equal(expected.length, 9);
    assert.ok(expected.some((e) => e.name.length > 100 && e.name.endsWith('file-with-a-long-path.txt')));
    for (const chunkSize of [1, 7, 511, 512, 513, 4096, 65536, data.length]) {
      assert.deepEqual(readLean(data, chunkSize), expected, `chunks of ${chunkSize} bytes`);
    }
  });

  it('takes the name from a GNU long-name record', async () => {
    const name = `${LONG_DIR}gnu-named.txt`;
    const short = await pack([{ header: { name: 'placeholder' }, body: Buffer.from('gnu') }]);
    const data = Buffer.concat([gnuLongName(name), short]);
    const expected = await readTarStream(data);
    assert.equal(expected[0].name, name);
    for (const chunkSize of [1, 100, 512, 1024]) assert.deepEqual(readLean(data, chunkSize), expected);
  });

  it('fails where tar-stream fails, with its messages: truncated data, a bad checksum, an unknown format', async () => {
    const data = await sample();
    for (const cut of [100, 700, 5000, data.length - 2048]) {
      assert.throws(() => readLean(data.subarray(0, cut), 4096), /Unexpected end of data/, `cut at ${cut}`);
      await assert.rejects(readTarStream(data.subarray(0, cut)), /Unexpected end of data/);
    }
    const corrupt = Buffer.from(data);
    corrupt[512 + 10] ^= 0xff; // in the name field of the second header
    assert.throws(() => readLean(corrupt, 4096), /Invalid tar header. Maybe the tar is corrupted/);
    await assert.rejects(readTarStream(corrupt), /Invalid tar header. Maybe the tar is corrupted/);
    const unknown = Buffer.from(data.subarray(0, 1024));
    unknown.write('xxxxx', 257);
    let sum = 0;
    unknown.write('        ', 148);
    for (let i = 0; i < 512; i++) sum += unknown[i];
    unknown.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    assert.throws(() => readLean(unknown, 512), /unknown format/);
    await assert.rejects(readTarStream(unknown), /unknown format/);
  });
});
