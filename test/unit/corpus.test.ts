// Every real Dockerfile of the corpus (test/corpus) through lint and `fix --unsafe`: nothing throws, the fixed
// file re-parses with no new dockerfile-utils error, fixing twice is a no-op, no fixable finding is left,
// and no RUN/COPY flag, comment or heredoc line is lost.
import * as assert from 'node:assert/strict';
import { validate } from 'dockerfile-utils';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { analyzeModel, AnalyzeOptions } from '../../server/src/core/analyze';
import { applyFixes } from '../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../server/src/core/shell/index';
import { corpusFiles } from '../helpers/corpus';

const syntaxErrors = (text: string) =>
  validate(text)
    .filter((d) => d.severity === 1)
    .map((d) => String(d.code ?? d.message))
    .sort();

/** Distinct `--mount=…`, `--chown=…` etc. flags, comment lines and heredoc body lines of a text. */
function preserved(text: string): Set<string> {
  const out = new Set<string>();
  // Values of --mount/--chown/--chmod must survive as written; --from values may be renamed
  // (numeric-stage-ref, stage-name-casing), so only how many COPY --from there are counts.
  for (const m of text.matchAll(/--(mount|chown|chmod|link)(=\S+)?/g)) out.add(m[0]);
  out.add(`--from x${(text.match(/--from=/g) ?? []).length}`);
  for (const line of text.split(/\r?\n|\r/)) if (/^\s*#/.test(line)) out.add(line.trim());
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() !== 'RUN' || !text.includes('<<')) continue;
    const lines = text.split(/\r\n|\r|\n/);
    for (const heredoc of (
      instruction as unknown as { getHeredocs(): { getContentRange(): { start: { line: number }; end: { line: number } } | null }[] }
    ).getHeredocs()) {
      const r = heredoc.getContentRange();
      if (!r) continue;
      for (let l = r.start.line; l <= r.end.line && l < lines.length; l++) if (lines[l].trim()) out.add(lines[l].trim());
    }
  }
  return out;
}

describe('corpus: lint and fix every real Dockerfile', function () {
  this.timeout(300_000);
  before(() => initShellParser());

  it('lints and fixes every corpus file', () => {
    const files = corpusFiles();
    assert.ok(files.length > 100, `expected the corpus to have >100 Dockerfiles, found ${files.length}`);
    const failures: string[] = [];
    for (const { name, text } of files) {
      try {
        checkFile(text);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});

/** Throws the first broken promise for one file. */
function checkFile(text: string): void {
  const ruleErrors: string[] = [];
  const options: AnalyzeOptions & { unsafe: boolean } = {
    unsafe: true,
    pragmas: false,
    context: { dockerignoreExists: false },
    onRuleError: (rule, error) => ruleErrors.push(`${rule}: ${error instanceof Error ? error.stack : String(error)}`),
  };
  analyzeModel(parseDockerfile(text), options);
  const fixed = applyFixes(text, options);
  assert.deepEqual(ruleErrors, [], 'no rule throws');
  assert.deepEqual(syntaxErrors(fixed.text), syntaxErrors(text), 'no new syntax error');
  assert.equal(applyFixes(fixed.text, options).text, fixed.text, 'fixing twice is a no-op');
  const left = analyzeModel(parseDockerfile(fixed.text), options)
    .filter((f) => f.fixes.some((x) => x.edits.length > 0))
    .map((f) => `${f.rule} at ${f.range.start.line + 1}: ${f.message}`);
  assert.deepEqual(left, [], 'no fixable finding is left');
  const after = preserved(fixed.text);
  const fromCount = (t: string) => (t.match(/--from=/g) ?? []).length;
  const lost = [...preserved(text)].filter((p) =>
    p.startsWith('--from x') ? fromCount(fixed.text) < fromCount(text) : !after.has(p) && !fixed.text.includes(p),
  );
  assert.deepEqual(lost, [], 'no flag, comment or heredoc line is lost');
}
