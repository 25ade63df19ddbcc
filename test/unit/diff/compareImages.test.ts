// The line-by-line comparison of `layerwise diff` on archive contents made here (no engine): the analysis'
// layer→line links decide which layers a line made; an edited RUN compares with the base layer it replaced;
// base layers no line accounts for are listed as removed; files per line are added/removed/grown/shrunk.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { buildReport } from '../../../server/src/core/image/report';
import { compareImages, type DiffSide } from '../../../server/src/core/diff/compareImages';
import { compareFiles } from '../../../server/src/core/diff/fileChanges';
import type { ArchiveContents, LayerScan } from '../../../common/image/types';

type Files = Record<string, number>;

function scan(files: Files): LayerScan {
  const entries = Object.entries(files).map(([path, size]) => ({ path, kind: 'file' as const, size }));
  return { entries, bytes: entries.reduce((sum, e) => sum + e.size, 0), secretFiles: [] };
}

/** An image of these layers (createdBy, files), linked to lines as the analysis would (undefined: not linked). */
function side(image: string, layers: { createdBy: string; files: Files; line?: number }[], baseLayerCount = 1): DiffSide {
  const contents: ArchiveContents = {
    layers: layers.map((l) => scan(l.files)),
    config: {
      diffIds: layers.map((_, i) => `sha256:${i}`),
      history: layers.map((l) => ({ createdBy: l.createdBy, emptyLayer: false })),
      env: [],
      labels: {},
    },
    layout: 'docker',
    repoTags: [image],
  };
  const layerLines = new Map(layers.flatMap((l, i) => (l.line === undefined ? [] : [[i, l.line] as [number, number]])));
  return { contents, report: buildReport(contents, { image, base: { layerCount: baseLayerCount, how: 'rootfs' }, layerLines }) };
}

const DOCKERFILE = 'FROM busybox\nRUN echo new > /one\nRUN head -c 100 /dev/zero > /big\nCOPY app /app\n';

describe('diff: compareImages', () => {
  const base = side('app:main', [
    { createdBy: 'ADD rootfs / # buildkit', files: { 'bin/sh': 1000 }, line: 1 },
    { createdBy: 'RUN /bin/sh -c echo old > /one # buildkit', files: { one: 4 } },
    { createdBy: 'RUN /bin/sh -c rm -rf /tmp/x # buildkit', files: { 'tmp/y': 7 } },
    { createdBy: 'COPY app /app # buildkit', files: { 'app/a': 50, 'app/gone': 5 }, line: 4 },
  ]);
  const head = side('app:pr', [
    { createdBy: 'ADD rootfs / # buildkit', files: { 'bin/sh': 1000 }, line: 1 },
    { createdBy: 'RUN /bin/sh -c echo new > /one # buildkit', files: { one: 8 }, line: 2 },
    { createdBy: 'RUN /bin/sh -c head -c 100 /dev/zero > /big # buildkit', files: { big: 100 }, line: 3 },
    { createdBy: 'COPY app /app # buildkit', files: { 'app/a': 40, 'app/b': 30 }, line: 4 },
  ]);
  const diff = compareImages(parseDockerfile(DOCKERFILE), base, head, { dockerfile: 'Dockerfile' });

  it('per line: bytes before and after, growth, edited lines paired, new lines from null', () => {
    assert.deepEqual(
      diff.lines.map((l) => [l.line, l.instruction, l.baseBytes, l.headBytes, l.growthBytes, l.changed]),
      [
        [1, 'FROM', 1000, 1000, 0, false],
        [2, 'RUN', 4, 8, 4, true],
        [3, 'RUN', null, 100, 100, false],
        [4, 'COPY', 55, 70, 15, false],
      ],
    );
    assert.equal(diff.lines[2].text, 'RUN head -c 100 /dev/zero > /big');
  });

  it('totals, and the base layer no line accounts for as removed', () => {
    assert.equal(diff.growthBytes, 1178 - 1066);
    assert.deepEqual([diff.base.sizeBytes, diff.head.sizeBytes], [1066, 1178]);
    assert.deepEqual(
      diff.removedLayers.map((r) => [r.index, r.bytes]),
      [[2, 7]],
    );
    assert.equal(diff.unattributedBytes, 0);
  });

  it('files per line, largest change first', () => {
    assert.deepEqual(
      diff.lines[3].files.map((f) => [f.path, f.change, f.baseBytes, f.headBytes, f.growthBytes]),
      [
        ['/app/b', 'added', null, 30, 30],
        ['/app/a', 'shrunk', 50, 40, -10],
        ['/app/gone', 'removed', 5, null, -5],
      ],
    );
    assert.deepEqual(
      diff.lines[1].files.map((f) => [f.path, f.change]),
      [['/one', 'grown']],
    );
  });

  it('an edited line is paired only with a base layer of its own instruction between its unchanged neighbours', () => {
    // The base's only unlinked layer is a COPY: the edited RUN does not take it.
    const copyBase = side('a', [
      { createdBy: 'ADD rootfs /', files: { x: 1 }, line: 1 },
      { createdBy: 'COPY other /other # buildkit', files: { other: 3 } },
    ]);
    const runHead = side('b', [
      { createdBy: 'ADD rootfs /', files: { x: 1 }, line: 1 },
      { createdBy: 'RUN /bin/sh -c echo new > /one # buildkit', files: { one: 4 }, line: 2 },
    ]);
    const result = compareImages(parseDockerfile('FROM busybox\nRUN echo new > /one\n'), copyBase, runHead);
    assert.deepEqual(
      result.lines.map((l) => [l.line, l.baseBytes, l.changed]),
      [
        [1, 1, false],
        [2, null, false],
      ],
    );
    assert.deepEqual(
      result.removedLayers.map((r) => r.index),
      [1],
    );
  });

  it('without a found base, FROM takes the layers below the first linked line', () => {
    const unlinkedBase = side(
      'a',
      [
        { createdBy: 'ADD rootfs /', files: { x: 10 } },
        { createdBy: 'ADD more /', files: { y: 5 } },
        { createdBy: 'RUN /bin/sh -c echo new > /one', files: { one: 4 }, line: 2 },
      ],
      0,
    );
    const result = compareImages(parseDockerfile('FROM busybox\nRUN echo new > /one\n'), unlinkedBase, unlinkedBase);
    assert.deepEqual(
      result.lines.map((l) => [l.line, l.baseBytes, l.headBytes]),
      [
        [1, 15, 15],
        [2, 4, 4],
      ],
    );
  });

  it('a Dockerfile that describes neither image: head bytes left unattributed, nothing invented', () => {
    const result = compareImages(
      parseDockerfile('FROM busybox\nRUN something else\n'),
      side('a', [{ createdBy: 'x', files: { a: 3 } }]),
      side('b', [{ createdBy: 'y', files: { a: 9 } }]),
    );
    assert.deepEqual(result.lines, []);
    assert.equal(result.unattributedBytes, 9);
    assert.equal(result.growthBytes, 6);
  });
});

describe('diff: compareFiles', () => {
  it('the upper layer of a line wins, at most `limit` files, ties by path, the full count kept', () => {
    const result = compareFiles([scan({ a: 1, b: 1 }), scan({ a: 3 })], [scan({ a: 3, c: 2, d: 2, e: 2 })], 2);
    assert.deepEqual(
      result.files.map((f) => [f.path, f.change, f.growthBytes]),
      [
        ['/c', 'added', 2],
        ['/d', 'added', 2],
      ],
    );
    assert.equal(result.changedCount, 4); // c, d, e added; b removed
  });
});
