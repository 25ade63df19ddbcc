import * as assert from 'node:assert/strict';
import { policyFindings } from '../policyHarness';

const SCHEMA = { labelSchema: { version: 'text' as const } };
const lines = (text: string, config = SCHEMA) => policyFindings('label-empty', text, config).map((f) => f.range.start.line + 1);

describe('label-empty', () => {
  it('reports schema labels with an empty value', () => {
    assert.deepEqual(lines('FROM a:1\nLABEL version=""\nLABEL version=\n'), [2, 3]);
  });
  it('accepts non-empty values and empty labels outside the schema; silent without a schema', () => {
    assert.deepEqual(lines('FROM a:1\nLABEL version=1 other=""\n'), []);
    assert.deepEqual(lines('FROM a:1\nLABEL version=""\n', {} as typeof SCHEMA), []);
  });
});
