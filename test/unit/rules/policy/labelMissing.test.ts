import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { version: 'semver' as const, maintainer: 'email' as const } };

describe('label-missing', () => {
  it('reports each stage that lacks schema labels, at its FROM, naming them', () => {
    const text = 'FROM a:1 AS build\nLABEL version=1.0.0\nFROM b:1\nLABEL version=1.0.0 maintainer=a@example.org\nFROM c:1\n';
    assert.deepEqual(covered('label-missing', text, SCHEMA), ['1:FROM a:1 AS build', '5:FROM c:1']);
    const [first] = covered('label-missing', 'FROM a:1\n', SCHEMA);
    assert.equal(first, '1:FROM a:1');
  });
  it('counts labels inherited from a parent stage', () => {
    const text = 'FROM a:1 AS base\nLABEL version=1.0.0 maintainer=a@example.org\nFROM base\nRUN true\n';
    assert.deepEqual(covered('label-missing', text, SCHEMA), []);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-missing', 'FROM a:1\n'), []);
  });
});
