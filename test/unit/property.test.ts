// Random edits of real Dockerfiles (characters, lines, continuations, quotes, heredoc markers inserted or
// deleted) through parse, every rule and the fixes: no exception, and fixing is idempotent.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../server/src/core/analyze';
import { applyFixes } from '../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../server/src/core/shell/index';
import { corpusFiles, type CorpusFile } from '../helpers/corpus';

const SNIPPETS = [
  '\\\n',
  '\n',
  ' && ',
  '"',
  "'",
  '<<EOF\n',
  '\nEOF\n',
  '# comment\n',
  '$(',
  ')',
  '${X:-"d"}',
  '--mount=type=cache,target=/root/.cache/pip ',
  'RUN ',
  'COPY . .\n',
  'FROM a AS b\n',
  'apt-get update ',
  'rm -rf /var/lib/apt/lists/* ',
  'pip install ',
  '\r\n',
  '`',
  '|',
  ';',
  '\t',
  '\ufeff',
];

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'dupLine'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
);

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  switch (e.kind) {
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'dupLine': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end < 0 ? text.length : end + 1);
      return text.slice(0, start) + line + text.slice(start);
    }
  }
}

describe('property: random edits of corpus files never break the analyser or the fixes', function () {
  this.timeout(300_000);
  // Small and medium files keep each run fast; every file is still a real one.
  let files: CorpusFile[] = [];
  before(async () => {
    await initShellParser();
    files = corpusFiles().filter((f) => f.text.length < 6_000);
  });

  it('parse, analyze and applyFixes never throw; fixing is idempotent', () => {
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (index, edits) => {
        const text = edits.reduce(applyEdit, files[index].text);
        const errors: string[] = [];
        const options = {
          unsafe: true,
          context: { dockerignoreExists: false },
          onRuleError: (rule: string, e: unknown) => errors.push(`${rule}: ${e instanceof Error ? e.stack : String(e)}`),
        };
        analyzeModel(parseDockerfile(text), options);
        const once = applyFixes(text, options);
        const twice = applyFixes(once.text, options);
        assert.deepEqual(errors, []);
        assert.equal(twice.text, once.text, 'fixing twice is a no-op');
      }),
      { numRuns: 150, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261123) },
    );
  });
});
