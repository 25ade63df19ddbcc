import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('empty-continuation', () => {
  it('removes empty continuation lines', () => {
    assertFixes(
      'empty-continuation',
      'FROM a:1\nRUN apt-get update && \\\n\n    apt-get install -y curl\n',
      'FROM a:1\nRUN apt-get update && \\\n    apt-get install -y curl\n',
    );
  });
  it('leaves heredoc bodies and comments alone', () => {
    assert.deepEqual(lines('empty-continuation', 'FROM a:1\nRUN <<EOF\necho a\n\necho b\nEOF\nRUN a && \\\n  # comment\n  b\n'), []);
  });
});
