import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from '../harness';

describe('legacy-key-value-format', () => {
  it('rewrites `ENV key value` as key=value, quoting when needed', () => {
    assertFixes(
      'legacy-key-value-format',
      'FROM a:1\nENV NODE_ENV production\nENV GREETING hello world\nLABEL version 1.0\n',
      'FROM a:1\nENV NODE_ENV=production\nENV GREETING="hello world"\nLABEL version=1.0\n',
    );
  });
  it('reports without a fix when quoting would change the value', () => {
    const [f] = findings('legacy-key-value-format', 'FROM a:1\nENV MSG say "hi" there\n');
    assert.equal(f.fixes.length, 0);
  });
  it('accepts key=value', () => {
    assert.deepEqual(lines('legacy-key-value-format', 'FROM a:1\nENV A=1 B="2 3"\nLABEL a=b\n'), []);
  });
});
