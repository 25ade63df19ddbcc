import * as assert from 'node:assert/strict';
import { computeLenses, LensInputs } from '../../../server/src/lsp/layerLenses';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import type { LayerReport } from '../../../server/src/core/engine/layerReport';

const model = parseDockerfile('FROM node:20-slim AS build\nRUN make\nFROM debian:12-slim\nRUN apt-get update\nENV A=1\nCOPY . /app\n');

function titlesByLine(inputs: Partial<LensInputs>): Map<number, string[]> {
  const lenses = computeLenses({ uri: 'file:///w/Dockerfile', model, lookup: { kind: 'no-image' }, sharedBases: new Map(), ...inputs });
  const out = new Map<number, string[]>();
  for (const l of lenses) out.set(l.range.start.line, [...(out.get(l.range.start.line) ?? []), l.command!.title]);
  return out;
}

// A function: the image's age is measured when the test runs, not when the module loads.
const makeReport = (): LayerReport => ({
  image: {
    ref: 'app:dev',
    id: 'sha256:1',
    tags: ['app:dev'],
    sizeBytes: 200_000_000,
    created: new Date(Date.now() - 120_000).toISOString(),
    labels: {},
    layers: ['a', 'b', 'c'],
    onBuild: [],
    layerCount: 3,
  },
  base: { ref: 'debian:12-slim', local: true, id: 'sha256:base' },
  layers: [
    { line: 3, instruction: 'FROM', sizeBytes: 74_200_000, createdBy: '/bin/sh -c #(nop) CMD ["bash"]', matched: true },
    { line: 4, instruction: 'RUN', sizeBytes: 111_000_000, createdBy: '/bin/sh -c apt-get update', matched: true },
    { line: 5, instruction: 'ENV', sizeBytes: 0, createdBy: 'ENV A=1', matched: true, emptyLayer: true },
    { line: 6, instruction: 'COPY', sizeBytes: null, createdBy: null, matched: false },
  ],
});

describe('layer lenses', () => {
  it('says why there are no sizes when the workspace is untrusted, the engine is down, or no image is linked', () => {
    assert.deepEqual(titlesByLine({ lookup: { kind: 'untrusted' } }).get(0), [
      'Layer sizes: trust this workspace to read the Docker engine',
    ]);
    assert.deepEqual(
      titlesByLine({ lookup: { kind: 'unreachable', failure: { kind: 'unreachable', message: 'x', detail: 'y' } } }).get(0),
      ['Docker engine not reachable —', 'Retry', 'Configure'],
    );
    assert.deepEqual(titlesByLine({}).get(0), [
      'No image for this Dockerfile:',
      'Build image',
      'Link image…',
      'Build stage "build" to see its layer sizes',
    ]);
  });

  it('shows size and share of image, metadata only, the base with its sharing, and "changed since build"', () => {
    const shared = new Map([['debian:12-slim', { baseId: 'sha256:base', sharingImages: new Array(6).fill({}) }]]);
    const lines = titlesByLine({ lookup: { kind: 'ok', ref: 'app:dev', report: makeReport() }, sharedBases: shared as never });
    assert.deepEqual(lines.get(0), [
      'image app:dev · 200 MB · 3 layers · built 2 min ago',
      'Rebuild',
      'Build stage "build" to see its layer sizes',
    ]);
    assert.deepEqual(lines.get(2), ['base debian:12-slim · 74 MB · shared with 6 local images']);
    assert.deepEqual(lines.get(3), ['111 MB · 56% of image']);
    assert.deepEqual(lines.get(4), ['metadata only']);
    assert.deepEqual(lines.get(5), ['changed since build']);
  });

  it('shows what each COPY takes of the build context, and offers to ignore big folders', () => {
    const walk = {
      root: '/w',
      files: [{ path: 'a', bytes: 10 }],
      totalBytes: 9_000_000,
      large: false,
      topFolders: [{ name: 'node_modules', bytes: 7_600_000, files: 900 }],
      elapsedMs: 1,
    };
    const lines = titlesByLine({
      context: {
        walk,
        costs: [
          {
            line: 6,
            instruction: 'COPY',
            sources: ['.'],
            fromContext: true,
            unresolved: false,
            bytes: 9_000_000,
            fileCount: 1000,
            large: false,
          },
        ],
      },
    });
    assert.ok(lines.get(0)!.includes('build context 9.0 MB · 1 file (node_modules 7.6 MB)'), lines.get(0)!.join(' | '));
    assert.ok(lines.get(0)!.includes('Ignore node_modules'));
    assert.deepEqual(lines.get(5), ['context: 9.0 MB · 1,000 files']);
  });
});
