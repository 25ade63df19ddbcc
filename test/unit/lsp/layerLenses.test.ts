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
    // The reason is in the lens's tooltip, as in the status bar's.
    const down = computeLenses({
      uri: 'file:///w/Dockerfile',
      model,
      lookup: { kind: 'unreachable', failure: { kind: 'unreachable', message: 'no socket at /x', detail: 'y' } },
      sharedBases: new Map(),
    });
    assert.equal((down[0].command as { tooltip?: string }).tooltip, 'no socket at /x');
    assert.deepEqual(titlesByLine({}).get(0), [
      'No image for this Dockerfile:',
      'Build image',
      'Link image…',
      'Build stage "build" to see its layer sizes',
    ]);
  });

  it('shows size and share of image, metadata only, the base with its sharing, and "changed since build"', () => {
    const shared = new Map([['debian:12-slim', { baseId: 'sha256:base', sharingImages: new Array(6).fill({}), complete: true }]]);
    const lines = titlesByLine({ lookup: { kind: 'ok', ref: 'app:dev', report: makeReport() }, sharedBases: shared as never });
    assert.deepEqual(lines.get(0), ['image app:dev · 200 MB · built 2 min ago', 'Rebuild', 'Build stage "build" to see its layer sizes']);
    // The FROM line shows the reference: the lens gives the size, the sharing in a word, the rest in its tooltip.
    assert.deepEqual(lines.get(2), ['base 74 MB · shared']);
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
            unmatched: [],
          },
        ],
      },
    });
    // No file-level total (the COPY says what it takes); the Ignore lens carries the folder's size.
    assert.ok(!lines.get(0)!.some((t) => t.startsWith('build context')), lines.get(0)!.join(' | '));
    assert.ok(lines.get(0)!.includes('Ignore node_modules (7.6 MB)'), lines.get(0)!.join(' | '));
    assert.deepEqual(lines.get(5), ['context: 9.0 MB · 1,000 files']);
  });

  it('keeps line 1 short: a long image reference is shortened in the middle, whole in the tooltip', () => {
    const ref = 'registry.example.test:5000/team/some-service/api-gateway:feature-long-branch-name';
    const lenses = computeLenses({
      uri: 'file:///w/Dockerfile',
      model,
      lookup: { kind: 'ok', ref, report: makeReport() },
      sharedBases: new Map([['debian:12-slim', { baseId: 'sha256:base', sharingImages: [{}], complete: true }]]) as never,
    });
    const summary = lenses.find((l) => l.range.start.line === 0 && l.command!.title.startsWith('image '))!.command! as {
      title: string;
      tooltip?: string;
    };
    assert.ok(summary.title.length <= 75, summary.title);
    assert.match(summary.title, /^image registry\.example\.tes…re-long-branch-name · 200 MB · built /);
    assert.match(summary.tooltip!, new RegExp(`^${ref.replace(/[.]/g, '\\.')}: 3 layers`));
    const base = lenses.find((l) => l.range.start.line === 2)!.command! as { tooltip?: string };
    assert.equal(base.tooltip, 'debian:12-slim: shared with 1 other local image (its layers are stored once)');
  });

  it('says "at least" in the base tooltip when the engine was too slow to look at every local image', () => {
    const baseTooltip = (complete: boolean) =>
      (
        computeLenses({
          uri: 'file:///w/Dockerfile',
          model,
          lookup: { kind: 'ok', ref: 'app:dev', report: makeReport() },
          sharedBases: new Map([['debian:12-slim', { baseId: 'sha256:base', sharingImages: [{}, {}], complete }]]) as never,
        }).find((l) => l.range.start.line === 2)!.command! as { tooltip?: string }
      ).tooltip;
    assert.equal(baseTooltip(false), 'debian:12-slim: shared with at least 2 other local images (its layers are stored once)');
    assert.equal(baseTooltip(true), 'debian:12-slim: shared with 2 other local images (its layers are stored once)');
  });

  it('names the base on the FROM lens when the line shows a variable, not the reference', () => {
    const withArg = parseDockerfile('ARG BASE=debian:12-slim\nFROM $BASE\nRUN apt-get update\n');
    const report = makeReport();
    report.layers = [
      { line: 2, instruction: 'FROM', sizeBytes: 74_200_000, createdBy: '', matched: true },
      { line: 3, instruction: 'RUN', sizeBytes: 111_000_000, createdBy: '/bin/sh -c apt-get update', matched: true },
    ];
    const lenses = computeLenses({
      uri: 'file:///w/Dockerfile',
      model: withArg,
      lookup: { kind: 'ok', ref: 'app:dev', report },
      sharedBases: new Map(),
    });
    assert.deepEqual(
      lenses.filter((l) => l.range.start.line === 1).map((l) => l.command!.title),
      ['base debian:12-slim · 74 MB'],
    );
  });

  it('says on a COPY that its sources match nothing in the build context', () => {
    const walk = {
      root: '/nonexistent-context',
      files: [{ path: 'app.py', bytes: 10 }],
      totalBytes: 10,
      large: false,
      topFolders: [],
      elapsedMs: 1,
    };
    const cost = {
      line: 6,
      instruction: 'COPY' as const,
      sources: ['config/*.yaml', 'app.py'],
      fromContext: true,
      unresolved: false,
      bytes: 10,
      fileCount: 1,
      large: false,
      unmatched: ['config/*.yaml'],
    };
    const lines = titlesByLine({ context: { walk, costs: [cost] } });
    assert.deepEqual(lines.get(5), ['context: nothing matches config/*.yaml']);
  });
});
