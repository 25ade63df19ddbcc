import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { decodeDockerfile, encodeDockerfile, spliceChangedRange } from '../../../server/src/cli/dockerfileBytes';

const textOf = (bytes: Uint8Array) => {
  const decoded = decodeDockerfile(bytes);
  return 'text' in decoded ? decoded.text : undefined;
};

describe('Dockerfile bytes (decode, encode, splice)', () => {
  it('decodes valid UTF-8 as usual, BOM included', () => {
    assert.equal(textOf(Buffer.from('\ufeffFROM alpine # ü 🐳\n')), '\ufeffFROM alpine # ü 🐳\n');
  });

  it('round-trips any bytes it accepts as text, exactly', () => {
    const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => b.map((x) => x || 0x20));
    fc.assert(
      fc.property(bytes, (b) => {
        const text = textOf(b);
        if (text !== undefined) assert.deepEqual(encodeDockerfile(text), Buffer.from(b));
      }),
      { numRuns: 2000, seed: 12 },
    );
  });

  it('splices only the changed range: the bytes around it are the original ones', () => {
    const pieces = fc.array(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        fc.uint8Array({ minLength: 1, maxLength: 3 }).map((b) => Buffer.from(b.map((x) => 0x80 | x)).toString('latin1')),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(pieces, fc.string({ maxLength: 5 }), fc.nat(), (parts, insert, at) => {
        const original = Buffer.concat(parts.map((p) => (/^[\x80-\xff]+$/.test(p) ? Buffer.from(p, 'latin1') : Buffer.from(p, 'utf8'))));
        const text = textOf(original);
        if (text === undefined) return;
        // Fixes edit whole characters: never between the halves of a surrogate pair.
        let cut = at % (text.length + 1);
        if (cut > 0 && /[\ud800-\udbff]/.test(text[cut - 1])) cut--;
        const edited = text.slice(0, cut) + insert + text.slice(cut);
        const spliced = spliceChangedRange(original, text, edited);
        assert.equal(textOf(spliced), edited);
      }),
      { numRuns: 1000, seed: 12 },
    );
  });

  it('refuses NUL bytes and mostly-invalid UTF-8; accepts a few stray bytes', () => {
    assert.ok('binary' in decodeDockerfile(Buffer.from('FROM a\0\n')));
    assert.ok('binary' in decodeDockerfile(Buffer.from(Array.from({ length: 100 }, (_, i) => 0x80 + (i % 100)))));
    assert.equal(
      textOf(Buffer.concat([Buffer.from('# '), Buffer.from([0xe9, 0xff]), Buffer.from('\nFROM a\n')])),
      '# \udce9\udcff\nFROM a\n',
    );
  });
});
