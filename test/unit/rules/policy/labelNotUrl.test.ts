import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { v: 'url' as const, note: 'text' as const } };

describe('label-not-url', () => {
  it('reports schema labels whose value is not of type url', () => {
    assert.deepEqual(covered('label-not-url', 'FROM a:1\nLABEL v="github.com/x/y" note="github.com/x/y"\n', SCHEMA), [
      '2:"github.com/x/y"',
    ]);
  });
  it('accepts valid values (URLs), variables, empty values and labels outside the schema', () => {
    for (const value of ['https://github.com/x/y', 'http://example.org:8080/a?b=c', 'mailto:team@example.org'])
      assert.deepEqual(covered('label-not-url', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA), [], value);
    assert.deepEqual(covered('label-not-url', 'FROM a:1\nLABEL v="$VALUE" v2="github.com/x/y"\nLABEL v=""\n', SCHEMA), []);
  });
  it('rejects values without a scheme', () => {
    for (const value of ['example.org', '/path/only', 'not a url'])
      assert.equal(covered('label-not-url', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA).length, 1, value);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-not-url', 'FROM a:1\nLABEL v="github.com/x/y"\n'), []);
  });
});
