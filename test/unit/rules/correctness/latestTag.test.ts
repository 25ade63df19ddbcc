import * as assert from 'node:assert/strict';
import { findings, lines } from '../harness';

describe('latest-tag', () => {
  it('latest-tag fires on :latest only', () => {
    assert.deepEqual(
      lines('latest-tag', 'FROM alpine:latest\nFROM alpine:3.20\nFROM alpine\nFROM alpine:latest@sha256:' + 'a'.repeat(64) + '\n'),
      [1],
    );
  });
  it('offers no fix (pinning needs a registry)', () => {
    assert.deepEqual(findings('latest-tag', 'FROM node:latest\n')[0].fixes, []);
  });
});
