import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Overlay } from '../../../server/src/core/image/overlay';
import type { LayerEntry } from '../../../common/image/types';

// Random layers over a small namespace, so deletes, overwrites, opaque dirs and links collide often; `d` and `d/e`
// are files at times too, so a directory is replaced by a file and back within one layer.
const pathArb = fc.constantFrom('a', 'b', 'd/x', 'd/y', 'd/e/z', 'f', 'd', 'd/e');
const entryArb: fc.Arbitrary<LayerEntry> = fc.oneof(
  fc.record({ path: pathArb, kind: fc.constant('file' as const), size: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ path: pathArb, kind: fc.constant('whiteout' as const), size: fc.constant(0) }),
  fc.record({ path: fc.constantFrom('d', 'd/e'), kind: fc.constant('opaque' as const), size: fc.constant(0) }),
  fc.record({ path: pathArb, kind: fc.constant('hardlink' as const), size: fc.constant(0), target: pathArb }),
  fc.record({ path: fc.constantFrom('d', 'd/e', 'a'), kind: fc.constant('dir' as const), size: fc.constant(0) }),
);

describe('overlay accounting', () => {
  it('every stored byte is either visible or wasted exactly once, whatever the layers do', () => {
    fc.assert(
      fc.property(fc.array(fc.array(entryArb, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), (layers) => {
        const overlay = new Overlay();
        for (const layer of layers) overlay.apply(layer);
        const stored = overlay.layers.reduce((s, l) => s + l.sizeBytes, 0);
        const wasted = overlay.hidden.reduce((s, h) => s + h.bytes, 0);
        assert.equal(stored, overlay.visible().visibleBytes + wasted);
        assert.equal(
          overlay.layers.reduce((s, l) => s + l.wastedBytes, 0),
          wasted,
        );
        for (const h of overlay.hidden) assert.ok(h.addedInLayer <= h.hiddenInLayer);
      }),
      { numRuns: 500 },
    );
  });

  it('an entry after its directory was replaced by a file goes into a new directory, not the replaced one', () => {
    const overlay = new Overlay();
    overlay.apply([
      { path: 'd/x', kind: 'file', size: 1 },
      { path: 'd', kind: 'file', size: 10 },
      { path: 'd/y', kind: 'file', size: 100 },
    ]);
    const { files, visibleBytes } = overlay.visible();
    assert.deepEqual(files, [{ path: '/d/y', bytes: 100, layer: 0 }]);
    assert.equal(visibleBytes, 100);
    assert.deepEqual(
      overlay.hidden.map((h) => `${h.path} ${h.how}`),
      ['/d/x overwritten', '/d overwritten'],
    );
  });
});
