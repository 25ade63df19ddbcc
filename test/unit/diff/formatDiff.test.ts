// The people-facing outputs of `layerwise diff`: Markdown stays a well-formed table whatever the Dockerfile
// text holds (pipes, backticks, HTML, control characters), text escapes control characters, SARIF marks
// only the lines past the threshold.
import * as assert from 'node:assert/strict';
import { formatDiffMarkdown, formatDiffText } from '../../../server/src/core/diff/formatDiff';
import { diffSarif } from '../../../server/src/core/diff/diffSarif';
import type { ImageDiff, LineDiff } from '../../../server/src/core/diff/compareImages';

function line(n: number, text: string, baseBytes: number | null, headBytes: number | null): LineDiff {
  return {
    line: n,
    instruction: text.split(' ')[0],
    text,
    baseBytes,
    headBytes,
    growthBytes: (headBytes ?? 0) - (baseBytes ?? 0),
    changed: false,
    files: headBytes ? [{ path: '/out', change: 'added', baseBytes: null, headBytes, growthBytes: headBytes }] : [],
    changedFiles: headBytes ? 3 : 0,
  };
}

const summary = (image: string, sizeBytes: number) => ({ image, sizeBytes, layerCount: 3, efficiency: 1, wastedBytes: 0 });
const DIFF: ImageDiff = {
  base: summary('app:<main>', 1_000_000),
  head: summary('app:pr', 3_500_000),
  dockerfile: 'Dockerfile',
  growthBytes: 2_500_000,
  lines: [
    line(1, 'FROM busybox', 1_000_000, 1_000_000),
    line(2, 'RUN a | tee `x` <b>\x1b[31m', null, 2_000_000),
    line(3, 'RUN small', 100, 500_100),
  ],
  removedLayers: [],
  unattributedBytes: 0,
};

describe('diff: formats', () => {
  it('markdown: one table row per line that changed size, every row as wide as the header', () => {
    const markdown = formatDiffMarkdown(DIFF);
    const rows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| File'));
    const cells = (row: string) => row.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).length;
    assert.equal(rows[0], '| Line | Instruction | Base | Head | Growth |');
    assert.deepEqual(
      rows.slice(1, 3).map((r) => r.split(' | ')[0]),
      ['| 2', '| 3'],
    );
    for (const row of rows) assert.equal(cells(row), 5, row);
    assert.match(markdown, /\| 2 \| `` RUN a \\\| tee `x` <b>\\x1b\[31m `` \| — \| 2\.0 MB \| \+2\.0 MB \|/);
    assert.match(markdown, /^### Layerwise: image \+2\.5 MB \(1\.0 MB → 3\.5 MB\)$/m);
    assert.match(markdown, /Base app:&lt;main&gt; · head app:pr/);
    assert.match(markdown, /- line 2 \+2\.0 MB: `` RUN a \| tee `x`/);
    assert.match(markdown, /… and 2 more changed files/);
    assert.ok(!markdown.includes('\x1b'));
  });

  it('markdown: budget problems on top, and a plain sentence when nothing changed size', () => {
    const same: ImageDiff = { ...DIFF, growthBytes: 0, lines: [DIFF.lines[0]] };
    const markdown = formatDiffMarkdown(same, { problems: ['size 3.5 MB exceeds maxSize 3.0 MB'] });
    assert.match(markdown, /> \*\*Budget exceeded:\*\* size 3\\\.5 MB exceeds maxSize 3\\\.0 MB/);
    assert.match(markdown, /No line changed size\./);
    assert.doesNotMatch(markdown, /\| Line \|/);
  });

  it('text: a row per line, control characters escaped', () => {
    const text = formatDiffText(DIFF);
    assert.match(text, /^app:<main> → app:pr: 1\.0 MB → 3\.5 MB \(\+2\.5 MB\)$/m);
    assert.match(text, /^2 +— +2\.0 MB +\+2\.0 MB +RUN a \| tee `x` <b>\\x1b\[31m$/m);
    assert.ok(!text.includes('\x1b'));
  });

  it('sarif: a result on each line past the threshold, none at or below it', () => {
    const results = diffSarif(DIFF, 'svc/Dockerfile', 500_000).runs[0].results;
    assert.deepEqual(
      results.map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
      [['svc/Dockerfile', 2]],
    );
    assert.match(results[0].message.text, /^This RUN grew the image by 2\.0 MB \(new → 2\.0 MB\); largest: \/out/);
  });
});
