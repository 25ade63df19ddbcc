// Random edits of real Dockerfiles never make a policy rule throw or report outside the text. The rules are switched
// on (most are opt-in) with a label schema of every type and strict labels; the edits splice in the characters and
// words these rules parse (quotes, `=`, `@`, `$`, continuations, LABEL/COPY/RUN keywords, pragmas).
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { policyRules } from '../../../server/src/core/rules/policy/index';
import { LABEL_TYPES, type LintConfig } from '../../../server/src/core/config/hadolintConfig';
import { initShellParser } from '../../../server/src/core/shell/index';
import { corpusFiles, type CorpusFile } from '../../helpers/corpus';

const CONFIG: LintConfig = {
  ignored: [],
  override: {},
  labelSchema: Object.fromEntries(LABEL_TYPES.map((type) => [type, type])),
  strictLabels: true,
};
const FRAGMENTS = [
  '"',
  "'",
  '=',
  '@',
  '$',
  '\\\n',
  '\n',
  ' ',
  '#',
  'LABEL url=x semver="1.0" ',
  'COPY a.tar.gz ',
  'RUN apt-get install -y ',
  'pip install ',
  'npm i -g x@ ',
  'wget ',
  'curl ',
  'tar -xf a.tar.gz ',
  '# hadolint ignore=DL3008\n',
  'HEALTHCHECK ',
  'FROM base\n',
  ' AS base\n',
  'WORKDIR ',
  '<<EOF\n',
];
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  fragment: fc.constantFrom(...FRAGMENTS),
  cut: fc.nat({ max: 8 }),
});

describe('property: policy rules on randomly edited corpus files', function () {
  this.timeout(300_000);
  let files: CorpusFile[] = [];
  before(async () => {
    await initShellParser();
    files = corpusFiles().filter((f) => f.text.length < 4_000);
  });

  it('never throw and report only inside the text', () => {
    const severities = Object.fromEntries(policyRules.map((r) => [r.meta.id, 'warning' as const]));
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (index, edits) => {
        const text = edits.reduce((t, e) => {
          const at = Math.floor(e.at * t.length);
          return t.slice(0, at) + e.fragment + t.slice(at + e.cut);
        }, files[index].text);
        const model = parseDockerfile(text);
        const errors: string[] = [];
        const found = analyzeModel(model, {
          rules: policyRules,
          config: CONFIG,
          severities,
          onRuleError: (rule, e) => errors.push(`${rule}: ${e instanceof Error ? e.stack : String(e)}`),
        });
        assert.deepEqual(errors, []);
        for (const f of found) assert.ok(f.range.end.line < model.lines.length, `${f.rule} reports past the end`);
      }),
      { numRuns: 200, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261207) },
    );
  });
});
