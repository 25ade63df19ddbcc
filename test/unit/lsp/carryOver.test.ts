// Carrying the slower checks' diagnostics across a keystroke: untouched lines keep theirs (moved), edited lines
// lose theirs unless the edit stayed inside one line.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { carryOver, editedLines, sameDiagnostics } from '../../../server/src/lsp/carryOver';

const on = (line: number, from = 0, to = 4, message = `line ${line}`): Diagnostic => ({
  range: { start: { line, character: from }, end: { line, character: to } },
  message,
});

const OLD = 'FROM a\nEXPOSE 80/tcpx\nRUN x\nEXPOSE 90/udpx\n';

describe('carryOver (diagnostics across an edit)', () => {
  it('finds the edited lines from the common prefix and suffix', () => {
    assert.equal(editedLines(OLD, OLD), undefined);
    assert.deepEqual(editedLines(OLD, OLD.replace('RUN x', 'RUN xy')), { first: 2, oldLines: 1, newLines: 1 });
    assert.deepEqual(editedLines(OLD, OLD.replace('RUN x\n', 'RUN x\nLABEL a=b\n\n')), { first: 3, oldLines: 0, newLines: 2 });
    assert.deepEqual(editedLines(OLD, OLD.replace('EXPOSE 80/tcpx\nRUN x\n', '')), { first: 1, oldLines: 2, newLines: 0 });
  });

  it('cuts the edit back to whole lines, at the end of a text without a final line break too', () => {
    assert.deepEqual(editedLines('a\nb', 'a\nbc'), { first: 1, oldLines: 1, newLines: 1 });
    assert.deepEqual(editedLines('a\nb\n', 'a\nb\nc'), { first: 2, oldLines: 0, newLines: 1 });
    assert.deepEqual(editedLines('x\n', 'y\n'), { first: 0, oldLines: 1, newLines: 1 });
  });

  it('moves the diagnostics below inserted lines and keeps those above', () => {
    const moved = carryOver([on(1), on(3)], OLD, OLD.replace('RUN x\n', 'RUN x\nLABEL a=b\n\n'));
    assert.deepEqual(
      moved.map((d) => d.range.start.line),
      [1, 5],
    );
  });

  it('drops the diagnostics of deleted lines and moves the rest up', () => {
    const text = OLD.replace('EXPOSE 80/tcpx\nRUN x\n', '');
    assert.deepEqual(
      carryOver([on(0), on(1), on(3)], OLD, text).map((d) => d.message),
      ['line 0', 'line 3'],
    );
    assert.equal(carryOver([on(3)], OLD, text)[0].range.start.line, 1);
  });

  it('keeps a diagnostic on a line typed in, clamped to the line, but not across a line break typed in', () => {
    const shorter = OLD.replace('EXPOSE 80/tcpx', 'EXPOSE 80');
    assert.deepEqual(carryOver([on(1, 7, 14)], OLD, shorter)[0].range, {
      start: { line: 1, character: 7 },
      end: { line: 1, character: 9 },
    });
    assert.deepEqual(carryOver([on(1, 7, 14)], OLD, OLD.replace('80/tcpx', '80/\ntcpx')), []);
  });

  it('compares lists by what they say', () => {
    assert.ok(sameDiagnostics([on(1)], [on(1)]));
    assert.ok(!sameDiagnostics([on(1)], [on(2)]));
    assert.ok(!sameDiagnostics([on(1)], []));
  });
});
