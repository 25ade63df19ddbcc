// The guard of incremental analysis: after any series of edits, a document analysed version by version (reusing
// what earlier versions computed: kept shell parses, moved or not) reports exactly what a fresh analysis of its
// final text reports. Seeded random edits of corpus files, applied as the editor sends them (incremental changes).
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../../server/src/lsp/analysisCache';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel, type AnalyzeOptions } from '../../../server/src/core/analyze';
import { allRules } from '../../../server/src/core/rules/index';
import { forgetKeptParses, initShellParser } from '../../../server/src/core/shell/index';
import { corpusFiles, type CorpusFile } from '../../helpers/corpus';
import { FlaggedInstruction, type Instruction } from '../../../server/src/core/model/syntax/index';

// Inside a line (nothing moves down), line breaks (everything below moves), continuations, quotes, heredocs.
const SNIPPETS = [
  'x',
  ' ',
  '\n',
  '\\\n',
  ' && ',
  '"',
  "'",
  '<<EOF\n',
  '\nEOF\n',
  '# c\n',
  '$(',
  ')',
  'RUN ',
  'FROM a AS b\n',
  '\r\n',
  ';',
  '|',
];

type Edit = { at: number; remove: number; insert: string };

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant('')),
});

// Every rule on, the opt-in ones included, so every rule's reuse is checked.
const options: AnalyzeOptions = {
  severities: Object.fromEntries(allRules.map((r) => [r.meta.id, 'warning'])),
  context: { dockerignoreExists: false },
  onRuleError: (rule, error) => assert.fail(`${rule} threw: ${error instanceof Error ? error.stack : String(error)}`),
};

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/** What rules read from an instruction, as plain data. */
function answers(instruction: Instruction): unknown {
  const flags =
    instruction instanceof FlaggedInstruction ? instruction.getFlags().map((f) => [f.getName(), f.getValue(), f.getRange()]) : [];
  return plain({
    keyword: instruction.getKeyword(),
    range: instruction.getRange(),
    text: instruction.getTextContent(),
    words: instruction.getArguments().map((a) => [a.getValue(), a.getRange()]),
    variables: instruction.getVariables().map((v) => [v.getName(), v.getRange()]),
    flags,
  });
}

describe('incremental analysis reports what a fresh analysis reports', function () {
  this.timeout(300_000);
  let files: CorpusFile[] = [];
  before(async () => {
    await initShellParser();
    files = corpusFiles().filter((f) => f.text.length < 20_000);
  });

  it('after seeded random edits of corpus files, version by version', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (index, edits) => {
        const cache = new AnalysisCache(() => options);
        let document = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, files[index].text);
        cache.get(document);
        for (const e of edits) {
          const text = document.getText();
          const from = document.positionAt(text.length ? e.at % (text.length + 1) : 0);
          const to = document.positionAt(document.offsetAt(from) + e.remove);
          document = TextDocument.update(document, [{ range: { start: from, end: to }, text: e.insert }], document.version + 1);
          cache.get(document);
        }
        const incremental = cache.get(document);
        forgetKeptParses();
        const freshModel = parseDockerfile(document.getText());
        // The instructions taken over from earlier versions answer as freshly read ones.
        assert.deepEqual(incremental.model.instructions.map(answers), freshModel.instructions.map(answers));
        assert.deepEqual(plain(incremental.findings), plain(analyzeModel(freshModel, options)));
        compared++;
      }),
      { numRuns: 200, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261207) },
    );
    assert.equal(compared, 200);
  });
});
