// RUN parses kept across document versions: a RUN the edit did not touch is not parsed again (one it moved to
// another line is reused with its ranges moved), and whatever is reused reads exactly as a cold parse would.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { forgetKeptParses, initShellParser, shellScriptOf } from '../../../server/src/core/shell/index';
import { corpusFiles } from '../../helpers/corpus';

const scripts = (text: string) => {
  const model = parseDockerfile(text);
  return model.instructions.filter((i) => i.getKeyword() === 'RUN').map((run) => shellScriptOf(model, run));
};

describe('shell parses kept across versions', () => {
  before(() => initShellParser());

  it('reuses a RUN above the edit; one the edit moved reads with the ranges of its new place', () => {
    forgetKeptParses();
    const v1 = 'FROM a\nRUN if true; then echo "$A"; fi\nRUN for x in 1 2; do echo $x; done > /out\n';
    const [a1, b1] = scripts(v1);
    const v2 = v1.replace('FROM a\n', 'FROM a\n# a new comment line\n');
    const [a2, b2] = scripts(v2);
    assert.notEqual(a2, a1, 'a RUN that moved down a line must not reuse ranges of its old place');
    assert.equal(a2.commands[0].range.start.line, 2);
    const v3 = `${v2}RUN if x; then y; fi\n`;
    const [a3, b3] = scripts(v3);
    assert.equal(a3, a2, 'an unchanged RUN above the edit is reused');
    assert.equal(b3, b2);
    assert.notEqual(b1, b2);
  });

  it('reuses RUNs below an edit inside a line (offsets moved, lines did not)', () => {
    forgetKeptParses();
    const v1 = 'FROM a\nRUN if true; then echo "$A"; fi\nRUN for x in 1 2; do echo $x; done > /out\n';
    const [a1, b1] = scripts(v1);
    const [a2, b2] = scripts(v1.replace('FROM a', 'FROM alpine'));
    assert.equal(a2, a1);
    assert.equal(b2, b1);
  });

  it('moves a kept RUN to its new line rather than parsing it again, as a cold parse reads it', () => {
    forgetKeptParses();
    const v1 = 'FROM a\nRUN if true; then echo "$A"; fi > /x\nRUN --mount=type=cache,target=/c cd /c && make\n';
    scripts(v1);
    const v2 = v1.replace('FROM a\n', 'FROM a\n\n\n');
    const warm = scripts(v2);
    forgetKeptParses();
    const cold = scripts(v2);
    assert.deepEqual(JSON.parse(JSON.stringify(warm)), JSON.parse(JSON.stringify(cold)));
    assert.equal(warm[1].flags[0].range.start.line, 4);
  });

  it('gives what a cold parse gives, on edits of corpus files', function () {
    this.timeout(120_000);
    let compared = 0;
    for (const { text } of corpusFiles().slice(0, 120)) {
      forgetKeptParses();
      scripts(text);
      // An edit in the middle of the file: RUNs above it may be reused, those below must not be.
      const middle = text.indexOf('\n', text.length >> 1) + 1;
      const edited = `${text.slice(0, middle)}# edited\n${text.slice(middle)}`;
      const warm = scripts(edited);
      forgetKeptParses();
      const cold = scripts(edited);
      assert.deepEqual(JSON.parse(JSON.stringify(warm)), JSON.parse(JSON.stringify(cold)));
      compared += cold.length;
    }
    assert.ok(compared > 300, `compared ${compared} RUNs`);
  });
});
