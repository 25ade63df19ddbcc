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
  it('reports once per instruction, on its last line, as BuildKit does', () => {
    const text = 'FROM scratch\nCOPY Dockerfile \\\n\n.\nRUN a && \\\n\n  b \\\n\n  c\nCOPY Dockerfile \\\n.\n';
    assert.deepEqual(lines('empty-continuation', text), [4, 9]);
    assertFixes('empty-continuation', text, 'FROM scratch\nCOPY Dockerfile \\\n.\nRUN a && \\\n  b \\\n  c\nCOPY Dockerfile \\\n.\n');
  });
});
