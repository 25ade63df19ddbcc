// The plain-body fast path must give exactly what tree-sitter gives: checked on every RUN of the corpus
// and on hand-written edge cases.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser, shellScriptOf, shellScriptViaParser } from '../../../server/src/core/shell/index';
import { corpusFiles } from '../../helpers/corpus';
import { runSource } from '../../../server/src/core/shell/runSource';
import { CommandCollector } from '../../../server/src/core/shell/commands';
import { simpleCommands, simpleHeredocCommands } from '../../../server/src/core/shell/simpleScript';
import type { Run } from '../../../server/src/core/model/syntax/index';

/** How many RUNs were compared, how many of them took the fast path, and how many its heredoc branch. */
function compareAll(text: string): { compared: number; fast: number; heredoc: number } {
  const model = parseDockerfile(text);
  let compared = 0;
  let fastCount = 0;
  let heredocCount = 0;
  for (const run of model.instructions) {
    if (run.getKeyword() !== 'RUN') continue;
    const fast = shellScriptOf(model, run);
    const slow = shellScriptViaParser(model, run);
    // As plain data: words compute their ranges on demand, so compare what they serialise to (ranges included).
    assert.deepEqual(
      JSON.parse(JSON.stringify(fast)),
      JSON.parse(JSON.stringify(slow)),
      `RUN at line ${run.getRange().start.line + 1}: ${model.lines[run.getRange().start.line]}`,
    );
    compared++;
    const source = runSource(model, run as Run);
    if (source && simpleCommands(source.text, new CommandCollector(model, source))) fastCount++;
    else if (source?.hasHeredoc && simpleHeredocCommands(source.text, new CommandCollector(model, source))) heredocCount++;
  }
  return { compared, fast: fastCount, heredoc: heredocCount };
}

describe('shell fast path for plain RUN bodies', () => {
  before(() => initShellParser());

  it('matches tree-sitter on hand-written shapes', () => {
    const { fast, heredoc } = compareAll(
      [
        'FROM a',
        'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
        'RUN a; b || c | d; e;',
        'RUN X=1 Y=2 make -j4 install',
        'RUN X=1',
        'RUN export A=b',
        'RUN a &&',
        'RUN a & b',
        'RUN set -eux; cd /x; make',
        'RUN <<EOF',
        'apt-get update',
        'apt-get install -y x &&',
        '  y',
        'EOF',
        'RUN echo *.txt a=*',
        'RUN 1 2 3',
        'RUN : && true',
        'RUN apt-get update \\',
        '    && apt-get install -y \\',
        '       curl',
        // Quotes: static ones stay on the fast path, anything that expands goes to tree-sitter.
        `RUN echo 'a && b; c' "d | e" f'g'"h" "" ''`,
        'RUN A="x y" B=\'z\' make "all"',
        'RUN "apt-get" install -y \'curl\'',
        'RUN echo "$HOME" && echo "a\\"b"',
        "RUN echo 'multi",
        "line'",
        'RUN echo "!x" `date`',
        // `${NAME}` bare and quoted is plain; other braces (groups, brace expansions, modifiers) are the parser's.
        'RUN mkdir -p ${HOME}/x "${DIR}/y" && cd ${DIR}',
        'RUN echo ${A}${B} a-${B}-c',
        'RUN echo {a,b} x{1..3} && { a; b; }',
        'RUN echo ${A:-x} "${B#y}" }',
        // One inert heredoc after a plain command, and tree-sitter's own reading of `<<EOF cmd` (the body lines as
        // commands); a body line that only starts like the delimiter, or one that expands, goes to tree-sitter.
        'RUN cat <<EOF > /dev/null',
        'a b',
        'EOF',
        'RUN cat -n <<-"EOF"',
        '\tline',
        '\tEOF',
        'RUN <<EOF1 cat',
        'line 1',
        'EOF1',
        'RUN <<-EOF2 tee /x',
        '\tline 2',
        '\tEOF2',
        'RUN <<EOF3 cat',
        'EOF3',
        'RUN cat <<EOF',
        'EOFX',
        '  EOF',
        'EOF',
        'RUN cat <<EOF',
        '$HOME',
        'EOF',
        'RUN cat <<EOF',
        'plain',
        'EOF',
        '',
      ].join('\n'),
    );
    assert.ok(fast >= 8, `the fast path ran on ${fast} RUNs`);
    assert.ok(heredoc >= 4, `the heredoc fast path ran on ${heredoc} RUNs`);
  });

  it('matches tree-sitter on every RUN of the corpus', function () {
    this.timeout(120_000);
    let compared = 0;
    let fast = 0;
    for (const { text } of corpusFiles()) {
      const counts = compareAll(text);
      compared += counts.compared;
      fast += counts.fast;
    }
    assert.ok(compared > 800, `compared ${compared} RUNs`);
    // Half the corpus's RUNs are plain enough for the fast path (559 of 1,063 when this was written).
    assert.ok(fast / compared > 0.5, `the fast path ran on ${fast} of ${compared} RUNs`);
  });
});
