import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('from-as-casing', () => {
  it('fixes `FROM x as y`', () => {
    assertFixes('from-as-casing', 'FROM node:20 as build\nfrom node:20 AS b2\n', 'FROM node:20 AS build\nfrom node:20 as b2\n');
  });
  it('accepts matching casing', () => {
    assert.deepEqual(lines('from-as-casing', 'FROM node:20 AS build\nfrom node:20 as b2\n'), []);
  });
});
