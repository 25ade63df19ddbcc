import * as assert from 'node:assert/strict';
import { lines } from '../harness';

const RULE = 'invalid-default-arg-in-from';

describe('invalid-default-arg-in-from', () => {
  it('reports a FROM whose expanded defaults leave an empty or invalid reference', () => {
    assert.deepEqual(lines(RULE, 'ARG TAG\nFROM alpine:${TAG}\n'), [2]);
    assert.deepEqual(lines(RULE, 'ARG SFX="box:"\nFROM busy${SFX}\n'), [2]);
    assert.deepEqual(lines(RULE, 'ARG BASE\nFROM ${BASE}\n'), [2]);
    assert.deepEqual(lines(RULE, 'ARG REPO=Alpine\nFROM ${REPO}:3\n'), [2], 'uppercase repository');
    assert.deepEqual(lines(RULE, 'ARG V=3\nARG TAG=${V}-\nFROM alpine:${TAG:+:}${TAG}\n'), [3], 'defaults expand earlier args');
  });

  it('accepts ARGs without defaults when the expansion is still a valid reference', () => {
    assert.deepEqual(lines(RULE, 'ARG VARIANT\nFROM busybox:stable${VARIANT}\n'), []);
    assert.deepEqual(lines(RULE, 'ARG DEBUG\nFROM scratch${DEBUG}\n'), []);
    assert.deepEqual(lines(RULE, 'ARG TAG\nARG BASE\nFROM ${BASE:-debian}:${TAG:-12}\n'), []);
    assert.deepEqual(lines(RULE, 'ARG V=3.20\nARG IMG=alpine:${V}\nFROM $IMG\n'), []);
    assert.deepEqual(lines(RULE, 'FROM --platform=$BUILDPLATFORM golang:1-${TARGETOS}\n'), []);
    assert.deepEqual(lines(RULE, 'ARG TAG\nFROM alpine:${TAG:?set TAG}\n'), [], 'the build fails on its own: nothing to add');
  });
});
