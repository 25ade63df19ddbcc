// ShellCheck's scripts reuse what earlier versions of a document built (the RUN bodies kept across versions,
// core/shellcheck/script.ts): after any series of edits they must equal scripts built from scratch — the text
// ShellCheck reads, its digest, and the map from script lines back to the Dockerfile.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { forgetKeptScripts, shellcheckScripts, type ShellcheckScript } from '../../../server/src/core/shellcheck/script';
import { corpusFiles } from '../../helpers/corpus';
import { seededRandom } from '../../helpers/seededRandom';

// Edits that change a RUN's body, its shell, the names in scope, or move RUNs to other lines.
const SNIPPETS = [
  'x',
  ' ',
  '\n',
  '\\\n',
  ' && ',
  '"',
  '<<EOF\n',
  '\nEOF\n',
  '# c\n',
  'RUN echo $a\n',
  'ARG a\n',
  'ENV b=1\n',
  'SHELL ["/bin/bash", "-c"]\n',
  'FROM a AS b\n',
  '#!/bin/bash\n',
];

function described(scripts: ShellcheckScript[]) {
  return scripts.map((script) => {
    const lines = script.text.split('\n').length;
    return {
      line: script.run.getRange().start.line,
      text: script.text,
      key: script.key,
      digest: script.digest,
      source: script.source.text,
      offsets: [...script.source.offsets],
      origins: Array.from({ length: lines + 1 }, (_, k) => script.lineOrigin(k + 1)),
    };
  });
}

describe('ShellCheck scripts kept across versions', () => {
  it('equal scripts built from scratch after seeded random edits of corpus files, version by version', () => {
    const files = corpusFiles().filter((f) => f.text.includes('RUN') && f.text.length < 20_000);
    assert.ok(files.length > 50, `${files.length} corpus files`);
    const random = seededRandom(18);
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      let text = files[Math.floor(random() * files.length)].text;
      forgetKeptScripts();
      shellcheckScripts(parseDockerfile(text));
      for (let version = 0; version < 8; version++) {
        const at = Math.floor(random() * (text.length + 1));
        const remove = random() < 0.5 ? 0 : Math.floor(random() * 20);
        const insert = random() < 0.2 ? '' : SNIPPETS[Math.floor(random() * SNIPPETS.length)];
        text = text.slice(0, at) + insert + text.slice(at + remove);
        const reused = described(shellcheckScripts(parseDockerfile(text)));
        forgetKeptScripts();
        const fresh = described(shellcheckScripts(parseDockerfile(text)));
        assert.deepEqual(reused, fresh, `round ${round}, version ${version}`);
        compared += fresh.length;
      }
    }
    assert.ok(compared > 500, `${compared} scripts compared`);
  });

  it('reuses a body whose RUN only moved: a line inserted above keeps its digest and maps to the new lines', () => {
    const before = 'FROM debian:12\nRUN echo one \\\n  && echo $two\n';
    const after = 'FROM debian:12\nLABEL a=b\nRUN echo one \\\n  && echo $two\n';
    const [first] = shellcheckScripts(parseDockerfile(before));
    const [moved] = shellcheckScripts(parseDockerfile(after));
    assert.equal(moved.digest, first.digest);
    assert.equal(moved.run.getRange().start.line, 2);
    // The script's body starts on its second line (the shebang first): it maps to the RUN's body in the new text.
    assert.equal(after.slice(moved.source.offsets[moved.lineOrigin(2)], moved.source.offsets[moved.lineOrigin(2)] + 8), 'echo one');
  });
});
