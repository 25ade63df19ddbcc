import * as assert from 'node:assert/strict';
import { findings, lines } from '../harness';

describe('copy-ignored-file', () => {
  const dockerignore = { file: '/ctx/.dockerignore', patterns: ['node_modules', '*.md', '!README.md', 'secrets/', '.git'] };
  it('reports sources that .dockerignore excludes', () => {
    const text =
      'FROM node:22\nCOPY package.json CHANGELOG.md ./\nCOPY README.md ./\nCOPY ./secrets/key.pem /k\nADD ["node_modules", "/n/"]\nCOPY --from=build /app/node_modules /n\n';
    const found = findings('copy-ignored-file', text, { context: { dockerignore } });
    assert.deepEqual(
      found.map((f) => f.range.start.line + 1),
      [2, 4, 5],
    );
    assert.match(found[0].message, /CHANGELOG\.md.*\.dockerignore/);
  });
  it('is silent without a .dockerignore and for wildcards, variables, URLs and the whole context', () => {
    assert.deepEqual(lines('copy-ignored-file', 'FROM a:1\nCOPY CHANGELOG.md ./\n'), []);
    const text = 'FROM a:1\nCOPY *.md ./\nCOPY $DOCS ./\nADD https://example.com/x.md /x\nCOPY . .\n';
    assert.deepEqual(findings('copy-ignored-file', text, { context: { dockerignore } }), []);
  });
  it('reads quoted sources as BuildKit does', () => {
    const found = findings('copy-ignored-file', 'FROM a:1\nCOPY "CHANGELOG.md" \'secrets/key\' ./\n', { context: { dockerignore } });
    assert.deepEqual(
      found.map((f) => f.range.start.character),
      [5, 20],
    );
  });
});
