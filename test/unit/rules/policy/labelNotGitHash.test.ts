import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { v: 'hash' as const, note: 'text' as const } };

describe('label-not-git-hash', () => {
  it('reports schema labels whose value is not of type hash', () => {
    assert.deepEqual(covered('label-not-git-hash', 'FROM a:1\nLABEL v="main" note="main"\n', SCHEMA), ['2:"main"']);
  });
  it('accepts valid values (git hashes), variables, empty values and labels outside the schema', () => {
    for (const value of ['4f2a9c1', '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39'])
      assert.deepEqual(covered('label-not-git-hash', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA), [], value);
    assert.deepEqual(covered('label-not-git-hash', 'FROM a:1\nLABEL v="$VALUE" v2="main"\nLABEL v=""\n', SCHEMA), []);
  });
  it('rejects non-hex and odd lengths', () => {
    for (const value of ['4f2a9c', 'g4f2a9c1', '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3'])
      assert.equal(covered('label-not-git-hash', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA).length, 1, value);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-not-git-hash', 'FROM a:1\nLABEL v="main"\n'), []);
  });
});
