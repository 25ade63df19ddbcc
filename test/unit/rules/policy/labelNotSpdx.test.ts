import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { v: 'spdx' as const, note: 'text' as const } };

describe('label-not-spdx', () => {
  it('reports schema labels whose value is not of type spdx', () => {
    assert.deepEqual(covered('label-not-spdx', 'FROM a:1\nLABEL v="Apache 2" note="Apache 2"\n', SCHEMA), ['2:"Apache 2"']);
  });
  it('accepts valid values (SPDX expressions), variables, empty values and labels outside the schema', () => {
    for (const value of ['MIT', 'Apache-2.0', 'MIT OR Apache-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'])
      assert.deepEqual(covered('label-not-spdx', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA), [], value);
    assert.deepEqual(covered('label-not-spdx', 'FROM a:1\nLABEL v="$VALUE" v2="Apache 2"\nLABEL v=""\n', SCHEMA), []);
  });
  it('rejects unknown ids and broken expressions', () => {
    for (const value of ['GPL', 'MIT OR', 'Apache-2.0 AND'])
      assert.equal(covered('label-not-spdx', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA).length, 1, value);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-not-spdx', 'FROM a:1\nLABEL v="Apache 2"\n'), []);
  });
});
