import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('stage-name-casing', () => {
  it('lower-cases the name and every reference', () => {
    assertFixes(
      'stage-name-casing',
      'FROM golang:1.22 AS Builder\nFROM Builder AS test\nFROM alpine:3\nCOPY --from=Builder /a /a\nRUN --mount=type=bind,from=BUILDER,target=/x true\n',
      'FROM golang:1.22 AS builder\nFROM builder AS test\nFROM alpine:3\nCOPY --from=builder /a /a\nRUN --mount=type=bind,from=builder,target=/x true\n',
    );
  });
  it('accepts lower-case names', () => {
    assert.deepEqual(lines('stage-name-casing', 'FROM a:1 AS build-1\n'), []);
  });
});
