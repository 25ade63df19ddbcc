import * as assert from 'node:assert/strict';
import { isImageReference, parseImageReference, imagePathSegment } from '../../../server/src/core/engine/imageReference';
import { isCleanEnginePath } from '../../../server/src/core/engine/engineRequests';

describe('image references (distribution grammar)', () => {
  it('accepts names with domain, port, path, tag, digest, and image ids', () => {
    assert.deepEqual(parseImageReference('registry.example:5000/team/app:1.2'), {
      name: 'registry.example:5000/team/app',
      tag: '1.2',
      digest: undefined,
    });
    assert.deepEqual(parseImageReference(`busybox@sha256:${'c'.repeat(64)}`), {
      name: 'busybox',
      tag: undefined,
      digest: `sha256:${'c'.repeat(64)}`,
    });
    for (const ref of [
      'busybox',
      'a__b/c-d.e_f:v.1-x',
      '[::1]:5000/x',
      'localhost/x:latest',
      `sha256:${'a'.repeat(64)}`,
      'a'.repeat(64),
      '9dd1ee65fa7a',
    ])
      assert.ok(isImageReference(ref), ref);
  });

  it('rejects what the grammar does not allow, with the reason', () => {
    for (const [ref, reason] of [
      ['../../127.0.0.1:8765/leak?', /"\." or "\.\." path segment/],
      ['a/./b', /path segment/],
      ['a?b', /"\?"/],
      ['a%2fb', /"%"/],
      ['Ubuntu', /lowercase/],
      ['a b', /whitespace/],
      ['a\x9b', /does not follow/],
      ['a:', /does not follow/],
      ['-a', /does not follow/],
      ['a//b', /does not follow/],
      [`a:${'t'.repeat(129)}`, /does not follow/],
      ['a@sha256:abc', /does not follow/],
      [`${'a/'.repeat(130)}a`, /longer than 255/],
    ] as [string, RegExp][]) {
      assert.throws(() => parseImageReference(ref), reason, JSON.stringify(ref));
    }
  });

  it('encodes the path segment; paths the engine would redirect are not clean', () => {
    assert.equal(
      imagePathSegment('r.example:5000/a/b:1@sha256:' + 'd'.repeat(64)),
      'r.example%3A5000%2Fa%2Fb%3A1%40sha256%3A' + 'd'.repeat(64),
    );
    assert.ok(isCleanEnginePath('/images/r.example%3A5000%2Fa/json'));
    assert.ok(isCleanEnginePath('/events?'));
    for (const p of [
      '/images/../../h:1/x/json',
      '/images/..%2F..%2Fh/json',
      '/images/a//b/json',
      '/images/%2E%2E/json',
      '/images/%zz/json',
    ])
      assert.ok(!isCleanEnginePath(p), p);
  });
});
