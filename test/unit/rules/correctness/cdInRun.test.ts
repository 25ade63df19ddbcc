import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { assertFixes, findings } from '../harness';

describe('cd-in-run', () => {
  before(async () => {
    await initShellParser();
  });

  it('moves a leading `cd /abs &&` into WORKDIR', () => {
    assertFixes(
      'cd-in-run',
      'FROM a:1\nRUN --mount=type=cache,target=/root/.cache cd /src && \\\n    make install\n',
      'FROM a:1\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache make install\n',
    );
  });
  it('reports other cds without a fix, and leaves subshells alone', () => {
    const all = findings('cd-in-run', 'FROM a:1\nRUN make && cd build && make install\nRUN (cd /tmp && tar x)\nRUN echo cd\n');
    assert.deepEqual(
      all.map((f) => [f.range.start.line + 1, f.fixes.length]),
      [[2, 0]],
    );
  });
  it('reports once per RUN, at its first cd, as hadolint does', () => {
    const all = findings('cd-in-run', 'FROM a:1\nRUN cd /a && make && \\\n  cd /b && make && \\\n  cd /c && make\nRUN cd /d && make\n');
    assert.deepEqual(
      all.map((f) => `${f.range.start.line + 1}:${f.range.start.character}`),
      ['2:4', '5:4'],
    );
  });
  it('checks ONBUILD RUN like RUN, without the WORKDIR fix (it would apply to this image, not the one the trigger runs in)', () => {
    const found = findings('cd-in-run', 'FROM a:1\nONBUILD RUN cd /app && make\n');
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.range.start.character]),
      [[2, 12]],
    );
    assert.deepEqual(found[0].fixes, []);
  });
});
