// Text-level matching of history entries to instructions, for spellings the local 20.10 engine cannot
// produce (newer BuildKit heredocs, Windows-style shells). Engine-built cases are in test/engine/layers.test.ts.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { parseCreatedBy } from '../../../server/src/core/engine/historyText';
import { matchHistoryToInstructions } from '../../../server/src/core/engine/matchHistory';
import type { EngineHistoryEntry } from '../../../server/src/core/engine/history';

const entry = (createdBy: string, sizeBytes = 0): EngineHistoryEntry => ({ createdBy, sizeBytes, tags: [], emptyLayer: sizeBytes === 0 });

describe('engine/historyText', () => {
  const parse = (text: string) => {
    const { keyword, body, builder } = parseCreatedBy(text);
    return { keyword, body, builder };
  };
  it('parses both builders', () => {
    assert.deepEqual(parse('/bin/sh -c #(nop)  ENV A=b'), { keyword: 'ENV', body: 'A=b', builder: 'classic' });
    assert.deepEqual(parse('/bin/sh -c #(nop) COPY file:abc in /app '), { keyword: 'COPY', body: 'file:abc in /app', builder: 'classic' });
    assert.deepEqual(parse('|2 A=1 B=2 /bin/sh -c make'), { keyword: 'RUN', body: '|2 A=1 B=2 /bin/sh -c make', builder: 'classic' });
    assert.deepEqual(parse('RUN /bin/sh -c make # buildkit'), { keyword: 'RUN', body: '/bin/sh -c make', builder: 'buildkit' });
    assert.deepEqual(parse('EXPOSE map[80/tcp:{}]'), { keyword: 'EXPOSE', body: 'map[80/tcp:{}]', builder: 'buildkit' });
  });
});

describe('engine/matchHistory (text)', () => {
  it('a heredoc RUN matches when its script lines appear in the entry, in order', () => {
    const model = parseDockerfile('FROM base\nRUN <<EOT bash\nset -e\necho hi > /h\nEOT\n');
    const ok = matchHistoryToInstructions(
      model,
      [entry('base layer', 100), entry('RUN /bin/sh -c bash <<EOT\nset -e\necho hi > /h\nEOT # buildkit', 7)],
      { baseEntries: 1 },
    );
    assert.deepEqual(
      ok.map((l) => [l.line, l.matched, l.sizeBytes]),
      [
        [1, true, 100],
        [2, true, 7],
      ],
    );
    const edited = matchHistoryToInstructions(
      model,
      [entry('base layer', 100), entry('RUN /bin/sh -c bash <<EOT\nset -e\necho bye > /h\nEOT # buildkit', 7)],
      { baseEntries: 1 },
    );
    assert.deepEqual(
      edited.map((l) => [l.line, l.matched, l.sizeBytes]),
      [
        [1, true, 100],
        [2, false, null],
      ],
    );
  });

  it('the image shell applies to RUN when the stage sets none (e.g. a Windows base)', () => {
    const model = parseDockerfile('FROM base\nRUN dir\n');
    const history = [entry('base', 5), entry('cmd /S /C dir', 3)];
    assert.equal(matchHistoryToInstructions(model, history, { baseEntries: 1 })[1].matched, false);
    assert.equal(matchHistoryToInstructions(model, history, { baseEntries: 1, initialShell: ['cmd', '/S', '/C'] })[1].matched, true);
  });

  it('duplicate commands pair with the latest entries (alignment from the end)', () => {
    const model = parseDockerfile('FROM base\nRUN make\n');
    const history = [entry('/bin/sh -c make', 11), entry('/bin/sh -c make', 22)];
    const [from, run] = matchHistoryToInstructions(model, history);
    assert.equal(run.sizeBytes, 22);
    assert.equal(from.sizeBytes, 11, 'unknown base: everything below the first instruction');
  });

  it('an empty Dockerfile or no stage gives no rows', () => {
    assert.deepEqual(matchHistoryToInstructions(parseDockerfile(''), [entry('x')]), []);
  });
});
