// The per-line report of a registry image, from its config and layer entry lists: sizes unpacked as the engine
// counts them, history entries tied to layers, and lines linked by command text (an added line stays unlinked).
import * as assert from 'node:assert/strict';
import { registryHistory, registryLinks, unpackedLayerBytes } from '../../../server/src/core/registry/registryLayerReport';
import type { RegistryImage } from '../../../server/src/core/registry/readImage';
import type { LayerScan } from '../../../common/image/types';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';

const layer = (entries: LayerScan['entries']): LayerScan => ({ entries, bytes: 0, secretFiles: [] });

function image(history: [string, boolean][], layers: LayerScan[]): RegistryImage {
  return {
    layers,
    config: {
      diffIds: layers.map((_, i) => `sha256:${String(i).repeat(64)}`),
      history: history.map(([createdBy, emptyLayer]) => ({ createdBy, emptyLayer })),
      env: [],
      labels: {},
    },
    layout: 'oci',
    repoTags: ['127.0.0.1:5000/app:1'],
    configDigest: `sha256:${'c'.repeat(64)}`,
    rawConfig: { created: '2026-12-07T00:00:00Z', config: { Shell: ['/bin/bash', '-c'], OnBuild: null } },
  };
}

describe('registry layer report', () => {
  it('a layer is as large as its files plus its symlink targets (UTF-8 bytes), hard links, folders and whiteouts nothing', () => {
    const scan = layer([
      { path: 'bin/busybox', kind: 'file', size: 1000 },
      { path: 'bin/sh', kind: 'symlink', size: 0, target: '/bin/busybox' },
      { path: 'bin/ls', kind: 'hardlink', size: 0, target: 'bin/busybox' },
      { path: 'etc', kind: 'dir', size: 0 },
      { path: 'tmp/gone', kind: 'whiteout', size: 0 },
      { path: 'café', kind: 'symlink', size: 0, target: 'é' },
    ]);
    assert.equal(unpackedLayerBytes(scan), 1000 + '/bin/busybox'.length + 2);
  });

  it('history entries in the engine history shape: each layer entry with its size and diff id, empty ones 0', () => {
    const history = registryHistory(
      '127.0.0.1:5000/app:1',
      image(
        [
          ['/bin/sh -c #(nop) ADD file:abc in / ', false],
          ['/bin/sh -c #(nop)  CMD ["sh"]', true],
          ['RUN /bin/sh -c echo hi > /hi # buildkit', false],
        ],
        [layer([{ path: 'a', kind: 'file', size: 7 }]), layer([{ path: 'hi', kind: 'file', size: 3 }])],
      ),
    );
    assert.deepEqual(
      history.entries.map((e) => [e.sizeBytes, e.emptyLayer, e.layerId?.slice(7, 8)]),
      [
        [7, false, '0'],
        [0, true, undefined],
        [3, false, '1'],
      ],
    );
    assert.equal(history.sizeBytes, 10);
    assert.equal(history.ref, 'docker://127.0.0.1:5000/app:1');
    assert.deepEqual(
      [history.id, history.shell, history.onBuild, history.created],
      [`sha256:${'c'.repeat(64)}`, ['/bin/bash', '-c'], [], '2026-12-07T00:00:00Z'],
    );
  });

  it('lines linked by command text: a line added since the build gets no layer, the base ends below the first line', () => {
    const contents = image(
      [
        ['/bin/sh -c #(nop) ADD file:abc in / ', false],
        ['RUN /bin/sh -c echo one > /one # buildkit', false],
        ['RUN /bin/sh -c echo two > /two # buildkit', false],
      ],
      [layer([]), layer([]), layer([])],
    );
    const model = parseDockerfile('FROM busybox:1\nRUN echo one > /one\nRUN echo two > /two\nRUN echo added > /added\n');
    const links = registryLinks(model, contents)!;
    assert.deepEqual(
      [...links.lines],
      [
        [1, 2],
        [2, 3],
      ],
    );
    assert.equal(links.baseLayerCount, 1);
  });
});
