import * as assert from 'node:assert/strict';
import { historyKeyword, linkLayers } from '../../../server/src/core/image/dockerfileLink';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { suggestFix } from '../../../server/src/core/image/fixes';
import { parseByteSize } from '../../../server/src/cli/analyze';

const sorted = (map: Map<number, number>) => [...map].sort((a, b) => a[0] - b[0]);
const entry = (createdBy: string, emptyLayer = false) => ({ createdBy, emptyLayer });

describe('tying layers to Dockerfile lines', () => {
  it("reads the instruction of both builders' history entries", () => {
    assert.equal(historyKeyword('/bin/sh -c #(nop) COPY file:abc in /x '), 'COPY');
    assert.equal(historyKeyword('/bin/sh -c #(nop)  ENV A=1'), 'ENV');
    assert.equal(historyKeyword('/bin/sh -c dd if=/dev/zero of=/junk'), 'RUN');
    assert.equal(historyKeyword('|1 T=x /bin/sh -c make'), 'RUN');
    assert.equal(historyKeyword('RUN /bin/sh -c make # buildkit'), 'RUN');
    assert.equal(historyKeyword('COPY . . # buildkit'), 'COPY');
    assert.equal(historyKeyword('WORKDIR /app'), 'WORKDIR');
  });

  const dockerfile = parseDockerfile('FROM base\nARG V=1\nRUN make junk\nENV A=1\nRUN rm junk\nCOPY . /app\n');
  const baseHistory = [
    entry('/bin/sh -c #(nop) ADD file:x in / '),
    entry('/bin/sh -c #(nop)  CMD ["sh"]', true),
    entry('/bin/sh -c apk add x'),
  ];

  it('aligns from the end; the entries before the stage are the base', () => {
    const classic = linkLayers(dockerfile, [
      ...baseHistory,
      entry('/bin/sh -c #(nop)  ARG V=1', true),
      entry('|1 V=1 /bin/sh -c make junk'),
      entry('/bin/sh -c #(nop)  ENV A=1', true),
      entry('|1 V=1 /bin/sh -c rm junk'),
      entry('/bin/sh -c #(nop) COPY dir:abc in /app '),
    ]);
    assert.deepEqual(sorted(classic.lines), [
      [2, 3],
      [3, 5],
      [4, 6],
    ]);
    assert.equal(classic.baseLayerCount, 2);
    const buildkit = linkLayers(dockerfile, [
      ...baseHistory,
      entry('RUN |1 V=1 /bin/sh -c make junk # buildkit'),
      entry('ENV A=1', true),
      entry('RUN |1 V=1 /bin/sh -c rm junk # buildkit'),
      entry('COPY . /app # buildkit'),
    ]);
    assert.deepEqual(sorted(buildkit.lines), [
      [2, 3],
      [3, 5],
      [4, 6],
    ]);
    assert.equal(buildkit.baseLayerCount, 2);
  });

  it('links nothing past a disagreement and then does not guess the base', () => {
    const links = linkLayers(dockerfile, [
      ...baseHistory,
      entry('/bin/sh -c #(nop)  WORKDIR /x', true),
      entry('RUN /bin/sh -c rm junk # buildkit'),
      entry('COPY . /app # buildkit'),
    ]);
    assert.deepEqual(sorted(links.lines), [
      [2, 5],
      [3, 6],
    ]);
    assert.equal(links.baseLayerCount, undefined);
  });

  it('names the fix for waste between two RUNs and for base files', () => {
    const pair = { addedInLayer: 2, hiddenInLayer: 3, bytes: 20971520, deletedBytes: 20971520, files: 1, addedLine: 2, hiddenLine: 4 };
    assert.deepEqual(
      suggestFix(pair, {
        keywords: new Map([
          [2, 'RUN'],
          [3, 'RUN'],
        ]),
        baseLayerCount: 1,
      }),
      { rule: 'cleanup-in-later-layer', title: 'Fold line 4 into line 2, saves 21 MB', savesBytes: 20971520 },
    );
    assert.equal(suggestFix({ ...pair, addedInLayer: 0 }, { keywords: new Map(), baseLayerCount: 1 })?.savesBytes, 0);
    assert.equal(suggestFix({ ...pair, addedLine: undefined }, { keywords: new Map(), baseLayerCount: 1 }), undefined);
  });

  it('parses byte sizes for --max-wasted', () => {
    assert.equal(parseByteSize('20971520'), 20971520);
    assert.equal(parseByteSize('20MB'), 20000000);
    assert.equal(parseByteSize('1.5 MiB'), 1572864);
    assert.throws(() => parseByteSize('lots'), /byte count/);
  });
});
