// The common prefix and suffix of two texts, compared in chunks, equal what a character-by-character walk finds.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { commonPrefixLength, commonSuffixLength } from '../../../server/src/core/commonText';

function walkPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function walkSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < limit && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

describe('common prefix and suffix of two texts', () => {
  it('equal a character walk, for edits anywhere in texts longer than a chunk', () => {
    fc.assert(
      // A short pattern repeated: texts of up to ~20,000 characters, so edits fall in and across chunks.
      fc.property(
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.nat(),
        fc.string({ maxLength: 3 }),
        fc.nat({ max: 3 }),
        (unit, times, at, insert, remove) => {
          const base = unit.repeat(times);
          const cut = base.length ? at % base.length : 0;
          const edited = base.slice(0, cut) + insert + base.slice(cut + remove);
          assert.equal(commonPrefixLength(base, edited), walkPrefix(base, edited));
          const limit = Math.min(base.length, edited.length) - commonPrefixLength(base, edited);
          assert.equal(commonSuffixLength(base, edited, limit), walkSuffix(base, edited, limit));
        },
      ),
      { numRuns: 300, seed: 20261208 },
    );
  });

  it('finds a change at the first character after a chunk, and in the last character of a long text', () => {
    const base = 'x'.repeat(10_000);
    for (const at of [4095, 4096, 4097, 8192]) {
      const edited = `${base.slice(0, at)}y${base.slice(at + 1)}`;
      assert.equal(commonPrefixLength(base, edited), at);
      assert.equal(commonSuffixLength(base, edited), base.length - at - 1);
    }
    const text = 'x'.repeat(20_000);
    assert.equal(commonPrefixLength(text, `${text.slice(0, -1)}y`), 19_999);
    assert.equal(commonSuffixLength(text, `y${text.slice(1)}`), 19_999);
  });
});
