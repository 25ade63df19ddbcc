import * as assert from 'node:assert/strict';
import { lines } from '../harness';

describe('invalid-default-arg-in-from', () => {
  it('reports an ARG without default used in FROM, unless the use has its own default', () => {
    assert.deepEqual(lines('invalid-default-arg-in-from', 'ARG TAG\nARG BASE\nARG OK=1\nFROM alpine:${TAG}\nFROM ${BASE:-debian}:${OK}\n'), [4]);
  });
});
