import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('from-platform-flag', () => {
  it('removes a redundant $TARGETPLATFORM and reports constants', () => {
    assertFixes('from-platform-flag', 'FROM --platform=$TARGETPLATFORM alpine:3\n', 'FROM alpine:3\n');
    assert.deepEqual(lines('from-platform-flag', 'FROM --platform=linux/amd64 alpine:3\nFROM --platform=$BUILDPLATFORM golang:1\n'), [1]);
  });
  it('allows a constant platform in a stage named after it, as BuildKit', () => {
    assert.deepEqual(
      lines(
        'from-platform-flag',
        [
          'FROM --platform=linux/amd64 alpine:3 AS build_amd64',
          'FROM --platform=linux/arm64 alpine:3 AS linux',
          'FROM --platform=linux/x86_64 alpine:3 AS amd64-tools',
          'FROM --platform=linux/arm64 alpine:3 AS build',
          '',
        ].join('\n'),
      ),
      [4],
    );
  });
});
