// The grammar on real Dockerfiles (test/corpus, Windows `# escape=`` ` files included): every
// instruction that Layerwise's parser sees must start with a keyword token outside any embedded shell
// scope, and every heredoc the parser finds must be body down to a scoped delimiter. A shell construct
// that ran past its instruction, or a heredoc that never closed, shows up as a keyword scoped as shell.
import * as assert from 'node:assert/strict';
import type { Heredoc } from 'dockerfile-ast';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { loadGrammar, scopesAt, tokenizeLines } from './tokenize';
import { corpusFiles } from '../../helpers/corpus';

const INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'ENTRYPOINT',
  'COPY',
  'ADD',
  'ENV',
  'ARG',
  'LABEL',
  'EXPOSE',
  'USER',
  'WORKDIR',
  'VOLUME',
  'STOPSIGNAL',
  'SHELL',
  'HEALTHCHECK',
  'MAINTAINER',
  'ONBUILD',
]);

describe('Dockerfile grammar on the corpus', function () {
  this.timeout(120_000);

  it('scopes every instruction keyword as a keyword (outside shell) and every heredoc body and delimiter', async () => {
    const grammar = await loadGrammar('source.dockerfile');
    const files = corpusFiles();
    assert.ok(files.length >= 50, `only ${files.length} corpus files`);
    const failures: string[] = [];
    let checked = 0;
    let heredocs = 0;
    let backtickFiles = 0;
    let tokenizedLines = 0;
    let tokenizeMs = 0;
    for (const { name: file, text } of files) {
      const model = parseDockerfile(text);
      if (model.escapeChar !== '\\') backtickFiles++;
      const started = performance.now();
      const lines = tokenizeLines(grammar, text); // throws on a runaway regex
      tokenizeMs += performance.now() - started;
      tokenizedLines += lines.length;
      for (const instruction of model.instructions) {
        const keyword = instruction.getKeyword();
        if (!INSTRUCTIONS.has(keyword)) continue;
        const range = instruction.getInstructionRange();
        const word = model.lines[range.start.line].slice(range.start.character, range.end.character);
        const scopes = scopesAt(lines, range.start.line, word);
        const wanted = keyword === 'ONBUILD' ? 'keyword.control.onbuild.dockerfile' : 'keyword.other.special-method.dockerfile';
        checked++;
        if (!scopes.includes(wanted) || scopes.some((s) => s.endsWith('.shell'))) {
          failures.push(`${file}:${range.start.line + 1} ${keyword}: ${scopes.join(' ')}`);
        }
        // The parser's heredocs (the first of an instruction): every body line is body, the delimiter is one.
        const [heredoc] = 'getHeredocs' in instruction ? (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs() : [];
        if (!heredoc) continue;
        heredocs++;
        const content = heredoc.getContentRange();
        for (let line = content?.start.line ?? 0; content && line <= content.end.line; line++) {
          const first = lines[line].find((t) => t.text.trim() !== '');
          if (first && !first.scopes.some((s) => s.startsWith('meta.embedded.block.') || s === 'string.unquoted.heredoc.dockerfile')) {
            failures.push(`${file}:${line + 1} heredoc body: ${first.scopes.join(' ')}`);
          }
        }
        const delimiter = heredoc.getDelimiterRange();
        if (delimiter && !scopesAt(lines, delimiter.start.line, heredoc.getName()).includes('keyword.control.heredoc-token.dockerfile')) {
          failures.push(`${file}:${delimiter.start.line + 1} heredoc delimiter not scoped`);
        }
      }
    }
    // For docs/performance.md: whole-file tokenization, as VS Code does on open (it then retokenizes edits only).
    console.log(
      `      tokenized ${files.length} files, ${tokenizedLines} lines in ${tokenizeMs.toFixed(0)} ms (${((1000 * tokenizeMs) / tokenizedLines).toFixed(0)} µs/line, grammar compile included)`,
    );
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${checked} instructions mis-scoped`);
    assert.ok(checked > 1000, `only ${checked} instructions checked`);
    assert.ok(heredocs >= 20, `only ${heredocs} heredocs checked`);
    assert.ok(backtickFiles >= 5, `only ${backtickFiles} files with # escape=\` checked`);
  });
});
