// The syntax checks (CLI and language server) run dockerfile-utils on the text with top-level RUNs left out
// (core/config/syntaxCheckText.ts): after a FROM whole, before it their arguments. That is only right if
// dockerfile-ast splits the replaced text into the same instructions on the same lines (less the RUNs left out, all
// after a FROM), if only RUN lines changed, and if the findings are the same: checked here on the corpus and on
// generated texts full of odd continuations, comments, escapes and line breaks.
import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { runSpans, textForSyntaxChecks } from '../../../server/src/core/config/syntaxCheckText';
import { syntaxFindings } from '../../../server/src/core/config/syntaxChecks';
import { corpusFiles } from '../../helpers/corpus';
import { seededRandom } from '../../helpers/seededRandom';

/** Instructions as dockerfile-ast splits a text: keyword and first/last line, ONBUILD triggers marked. */
function split(text: string): string[] {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => `${i.getKeyword()} ${i.getRange().start.line}-${i.getRange().end.line}`);
}

function linesOutsideRuns(text: string, replaced: string): number[] {
  const runLines = new Set<number>();
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() !== 'RUN') continue;
    for (let line = instruction.getRange().start.line; line <= instruction.getRange().end.line; line++) runLines.add(line);
  }
  const before = text.split(/\r\n|\r|\n/);
  const after = replaced.split(/\r\n|\r|\n/);
  assert.equal(after.length, before.length, 'the same number of lines');
  return before.flatMap((line, n) => (line !== after[n] && !runLines.has(n) ? [n] : []));
}

/**
 * The text's instructions as dockerfile-ast splits it, less the RUNs the replaced text left out (the replaced text's
 * line of their keyword is empty); fails if one of those came before the first FROM.
 */
function splitLessLeftOut(text: string, replaced: string, label: string): string[] {
  const replacedLines = replaced.split(/\r\n|\r|\n/);
  let afterFrom = false;
  return DockerfileParser.parse(text)
    .getInstructions()
    .filter((i) => {
      const leftOut = i.getKeyword() === 'RUN' && replacedLines[i.getRange().start.line].trim() === '';
      assert.ok(!leftOut || afterFrom, `${label}: a RUN before the first FROM was left out\n${JSON.stringify(text)}`);
      afterFrom ||= i.getKeyword() === 'FROM';
      return !leftOut;
    })
    .map((i) => `${i.getKeyword()} ${i.getRange().start.line}-${i.getRange().end.line}`);
}

function assertSameChecks(text: string, label: string): 'compared' | 'whole text failed' {
  const replaced = textForSyntaxChecks(text);
  assert.deepEqual(
    split(replaced),
    splitLessLeftOut(text, replaced, label),
    `${label}: instructions split differently\n${JSON.stringify(text)}`,
  );
  assert.deepEqual(linesOutsideRuns(text, replaced), [], `${label}: a line outside a RUN changed\n${JSON.stringify(text)}`);
  let whole;
  try {
    whole = syntaxFindings(text, true);
  } catch {
    // dockerfile-utils overflows its stack on some texts (`ARG V=$V`, the CLI then says the checks were skipped);
    // without the RUN arguments it may get through: nothing to compare with.
    return 'whole text failed';
  }
  assert.deepEqual(syntaxFindings(text), whole, `${label}: findings differ\n${JSON.stringify(text)}`);
  return 'compared';
}

const STARTS = [
  'RUN <<E',
  'COPY <<E /a',
  'E',
  'RUN ',
  'run ',
  'RUN\t',
  ' RUN ',
  'RUN',
  'R\\',
  'UN ',
  'FROM ',
  'FROM a AS b',
  'EXPOSE ',
  'ENV ',
  'ARG ',
  'LABEL ',
  'ONBUILD RUN ',
  'WORKDIR ',
  'HEALTHCHECK ',
  'COPY ',
  'x ',
  '# c',
  ' # dockerfile-utils: ignore',
  '#',
  '',
  '  ',
  '\t',
];
const WORDS = [
  'a',
  'apt-get',
  '"q w"',
  "'s'",
  '${V:x}',
  '$V',
  '80/tcp',
  '127.0.0.1:80:80',
  'A=b',
  'A="b',
  '#',
  '\\',
  '\\ ',
  '\\\\',
  '[',
  '"a"]',
  ',',
  '--platform=x',
  '--mount=type=cache',
  '=',
  '<',
  '< f',
  'AS',
  '\\ \\',
  '`',
];
const ENDS = ['', '', ' \\', '\\', '\\ ', '\\\t ', ' \\\\', '\\ x', '\\ \\', ' #', '\\\\\\'];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];

function generated(next: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 12);
  if (next() < 0.2) lines.push('FROM a');
  for (let n = 0; n < count; n++) {
    let line = pick(STARTS);
    const words = Math.floor(next() * 4);
    for (let w = 0; w < words; w++) line += (next() < 0.8 ? ' ' : '') + pick(WORDS);
    lines.push(line + pick(ENDS));
  }
  let text = '';
  for (const line of lines) text += line + pick(BREAKS);
  return next() < 0.3 ? text.replace(/[\r\n]+$/, '') : text;
}

describe('syntax checks with RUN arguments left out (core/config/syntaxCheckText)', () => {
  it('gives every corpus file the same findings, and leaves most RUNs out', () => {
    let runs = 0;
    for (const file of corpusFiles()) {
      assert.equal(assertSameChecks(file.text, file.name), 'compared');
      runs += runSpans(file.text)?.filter((span) => span.afterFrom).length ?? 0;
    }
    // The shortcut must actually apply on real files (most have no heredoc and no escape directive).
    assert.ok(runs > 800, `only ${runs} RUNs left out of the corpus's syntax checks`);
  });

  it('splits generated texts like dockerfile-ast and gives the same findings', () => {
    const next = seededRandom(18);
    let modelled = 0;
    let compared = 0;
    for (let n = 0; n < 3000; n++) {
      const text = generated(next);
      if (runSpans(text)) modelled++;
      if (assertSameChecks(text, `generated text ${n}`) === 'compared') compared++;
    }
    assert.ok(modelled > 1500, `only ${modelled} of 3000 generated texts were modelled`);
    assert.ok(compared > 2500, `only ${compared} of 3000 generated texts could be compared`);
  });

  it('leaves texts it does not model whole (an escape directive, a byte order mark), and heredocs on', () => {
    for (const text of ['# escape=`\nFROM a\nRUN a `\n b\n', '\ufeffFROM a\nRUN b\n']) {
      assert.equal(runSpans(text), undefined, JSON.stringify(text));
      assert.equal(textForSyntaxChecks(text), text);
    }
    for (const heredoc of ['RUN <<EOF\nx\nEOF\n', 'RUN cat <\\\n<EOF\nx\nEOF\n', 'COPY <<"A" /a\nx\nA\n']) {
      const text = `FROM a\nRUN a b\n${heredoc}RUN c d\n`;
      assert.equal(textForSyntaxChecks(text), `FROM a\n\n${heredoc}RUN c d\n`);
      assertSameChecks(text, heredoc);
    }
  });

  it('keeps the lines and line breaks of a RUN and reports what follows it unchanged', () => {
    const text = 'FROM a\nRUN apt-get update \\\r\n  # comment\r\n\r\n  && apt-get install -y curl\nEXPOSE port\n';
    assert.equal(textForSyntaxChecks(text), 'FROM a\n\r\n\r\n\r\n\nEXPOSE port\n');
    assert.deepEqual(
      syntaxFindings(text).map((f) => f.range.start.line),
      [5],
    );
  });

  it('keeps a RUN before the first FROM, where "no source image" is reported, with its arguments as x', () => {
    const text = 'ARG V=1\nRUN apt-get update \\\n  && true\nFROM a\nRUN b\nfrom c\nRUN d\n';
    assert.equal(textForSyntaxChecks(text), 'ARG V=1\nRUN x \\\nx\nFROM a\n\nfrom c\n\n');
    assert.deepEqual(
      syntaxFindings(text).map((f) => [f.range.start.line, f.message]),
      syntaxFindings(text, true).map((f) => [f.range.start.line, f.message]),
    );
    assert.equal(syntaxFindings(text)[0]?.range.start.line, 1, 'no source image, on the RUN');
  });

  it('keeps the arguments form where leaving a RUN out would join a lone CR and a LF into one line break', () => {
    const text = 'FROM a\rRUN b \\\nc\nEXPOSE port\n';
    assert.equal(textForSyntaxChecks(text), 'FROM a\rRUN x \\\nx\nEXPOSE port\n');
    assert.equal(textForSyntaxChecks('FROM a\rRUN b\r\nEXPOSE port\n'), 'FROM a\r\r\nEXPOSE port\n');
    assert.deepEqual(
      syntaxFindings(text).map((f) => f.range.start.line),
      [3],
    );
  });
});
