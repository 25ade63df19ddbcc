import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('undefined-arg-in-from', () => {
  it('reports FROM variables no global ARG declares, with a typo fix', () => {
    const text = 'ARG VERSION=1\nFROM alpine:${VERSON}\nFROM --platform=$BUILDPLATFORM alpine:${VERSION}\nFROM ${UNKNOWN_IMAGE}\n';
    assert.deepEqual(lines('undefined-arg-in-from', text), [2, 4]);
    assertFixes('undefined-arg-in-from', 'ARG VERSION=1\nFROM alpine:${VERSON}\n', 'ARG VERSION=1\nFROM alpine:${VERSION}\n');
  });
  it('does not count ARGs declared after the first FROM', () => {
    assert.deepEqual(lines('undefined-arg-in-from', 'FROM a:1\nARG TAG=2\nFROM b:${TAG}\n'), [3]);
  });
});
