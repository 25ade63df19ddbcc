import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('from-platform-flag', () => {
  it('removes a redundant $TARGETPLATFORM and reports constants', () => {
    assertFixes('from-platform-flag', 'FROM --platform=$TARGETPLATFORM alpine:3\n', 'FROM alpine:3\n');
    assert.deepEqual(lines('from-platform-flag', 'FROM --platform=linux/amd64 alpine:3\nFROM --platform=$BUILDPLATFORM golang:1\n'), [1]);
  });
});
