// Random edits of real Dockerfiles fed to the correctness rules, the pragma/config layer and the fixes:
// nothing throws, fixes never add a syntax error, and fixing is idempotent.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { correctnessRules } from '../../../server/src/core/rules/correctness/index';
import { syntaxFindings } from '../../../server/src/core/config/syntaxChecks';
import { initShellParser } from '../../../server/src/core/shell/index';
import { corpusFiles } from '../../helpers/corpus';

// Fragments that exercise the rules and the parsers' edges.
const SNIPPETS = [
  'RUN cd /src && make | tee log',
  'RUN sudo apt install curl',
  '# hadolint ignore=DL3020,DL4006',
  '# layerwise global ignore=cd-in-run',
  '# check=skip=all;error=true',
  'FROM alpine:latest as Build',
  'COPY --from=0 /a /b',
  'COPY --from=Build /a /b',
  'EXPOSE 80:80/TCP 70000',
  'ENV A b c',
  'LABEL x "y z"',
  'CMD node a.js',
  "ENTRYPOINT ['a']",
  'WORKDIR rel',
  'USER root',
  'MAINTAINER me',
  'ARG TOKEN',
  'RUN <<EOF',
  'EOF',
  '\\',
  '',
  '    ',
  'FROM --platform=$TARGETPLATFORM x',
  'ADD a b',
  'ONBUILD RUN cd /x',
  'RUN ["a", "b | c"]',
  'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
  'RUN useradd -u 9999999 x',
  'RUN apt-get install x',
  'HEALTHCHECK NONE',
  '${A:-"d"}',
  '\r',
];

type Edit = { kind: 'delete' | 'insert' | 'char'; at: number; snippet: number; char: string };

function applyEdit(text: string, edit: Edit): string {
  const lines = text.split('\n');
  const at = edit.at % (lines.length + 1);
  if (edit.kind === 'delete') lines.splice(at, 1);
  else if (edit.kind === 'insert') lines.splice(at, 0, SNIPPETS[edit.snippet % SNIPPETS.length]);
  else {
    const offset = edit.at % (text.length + 1);
    return text.slice(0, offset) + edit.char + text.slice(offset);
  }
  return lines.join('\n');
}

describe('property: random edits of corpus files', function () {
  this.timeout(300_000);
  before(async () => {
    await initShellParser();
  });

  it('rules, pragmas and fixes stay well-behaved', () => {
    const texts = corpusFiles()
      .map((f) => f.text)
      .filter((t) => t.length < 20_000);
    const edit = fc.record({
      kind: fc.constantFrom<Edit['kind']>('delete', 'insert', 'insert', 'char'),
      at: fc.nat(),
      snippet: fc.nat(),
      char: fc.constantFrom('\\', '"', "'", '$', '{', '\n', '#', ' ', '`', '|', '&', '\0', '\uFEFF'),
    });
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (fileIndex, edits) => {
        const text = edits.reduce(applyEdit, texts[fileIndex]);
        const errors: string[] = [];
        const onRuleError = (rule: string, error: unknown) => errors.push(`${rule}: ${(error as Error).stack}`);
        analyzeModel(parseDockerfile(text), { rules: correctnessRules, onRuleError });
        const once = applyFixes(text, { rules: correctnessRules, unsafe: true, onRuleError, maxRounds: 20 });
        assert.deepEqual(errors, []);
        if (once.text === text) return;
        assert.ok(syntaxFindings(once.text).length <= syntaxFindings(text).length, `fixes added a syntax error:\n${once.text}`);
        assert.equal(
          applyFixes(once.text, { rules: correctnessRules, unsafe: true, maxRounds: 20 }).text,
          once.text,
          'fixing twice is a no-op',
        );
      }),
      { numRuns: 300, seed: Number(process.env.LAYERWISE_PROPERTY_SEED ?? 20261123) },
    );
  });
});
