import * as assert from 'node:assert/strict';
import { lines } from '../harness';

describe('untagged-image', () => {
  it('untagged-image fires on images without tag or digest', () => {
    const text =
      'FROM ubuntu AS base\nFROM base\nFROM scratch\nFROM ${IMAGE}\nFROM alpine@sha256:' + 'a'.repeat(64) + '\nFROM ghcr.io/org/tool\n';
    assert.deepEqual(lines('untagged-image', text), [1, 6]);
  });
});
