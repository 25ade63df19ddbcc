// Time and cache on the lenses, from a build record on disk (written as a build writes it, in a temp cache
// folder) and a real context folder: the layer lens gains `· 41.2 s` / `· cached`, a rebuilt step its reason,
// and after a file change the watcher reports, `will rebuild: src/a.txt changed` above the COPY and the steps after.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeLenses } from '../../../server/src/lsp/layerLenses';
import { TimeAndCache } from '../../../server/src/lsp/timeLenses';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { ContextHasher } from '../../../server/src/core/buildRecord/contextHasher';
import { stepInputs } from '../../../server/src/core/buildRecord/stepInputs';
import { writeRecord, type BuildRecord } from '../../../server/src/core/buildRecord/recordStore';
import type { LayerReport } from '../../../server/src/core/engine/layerReport';

const TEXT = 'FROM busybox\nCOPY package.json /app/\nRUN npm ci\nCOPY src/ /app/src/\nRUN make\n';

async function setUp() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-time-lenses-'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.writeFileSync(path.join(root, 'src/a.txt'), 'a');
  fs.writeFileSync(path.join(root, 'Dockerfile'), TEXT);
  const dockerfile = path.join(root, 'Dockerfile');
  const cacheEnv = { LAYERWISE_CACHE_DIR: path.join(root, '.records') };
  const model = parseDockerfile(TEXT);
  const inputs = await stepInputs({
    model,
    builder: 'buildkit',
    hasher: new ContextHasher(root, { dockerfile, builder: 'buildkit' }),
    imageId: async () => 'sha256:base',
  });
  const times: Record<number, [number, boolean, string?]> = {
    2: [0, true],
    3: [41.2, false, 'package.json changed'],
    4: [0.3, false],
    5: [2, false],
  };
  const record: BuildRecord = {
    version: 1,
    dockerfile,
    context: root,
    imageId: 'sha256:1',
    builder: 'buildkit',
    buildArgs: {},
    finishedAt: new Date().toISOString(),
    seconds: 44,
    steps: inputs!.map((s) => {
      const [seconds, cached, rebuiltBecause] = times[s.line] ?? [0, false];
      return { ...s, seconds, cached: s.keyword === 'FROM' ? undefined : cached, ...(rebuiltBecause ? { rebuiltBecause } : {}) };
    }),
  };
  writeRecord(record, cacheEnv);
  return { root, dockerfile, cacheEnv, model };
}

const report = (): LayerReport => ({
  image: {
    ref: 'app:dev',
    id: 'sha256:1',
    tags: [],
    sizeBytes: 100_000_000,
    created: undefined,
    labels: {},
    layers: [],
    onBuild: [],
    layerCount: 4,
  },
  layers: [2, 3, 4, 5].map((line) => ({
    line,
    instruction: TEXT.split('\n')[line - 1].split(' ')[0],
    sizeBytes: 62_000_000,
    createdBy: 'x',
    matched: true,
  })),
});

describe('time and cache lenses', () => {
  it('layer lenses show the recorded time or cached, and why a step rebuilt', async () => {
    const { dockerfile, cacheEnv, model } = await setUp();
    const time = new TimeAndCache(cacheEnv);
    const lenses = computeLenses({
      uri: 'file:///w/Dockerfile',
      model,
      lookup: { kind: 'ok', ref: 'app:dev', report: report() } as never,
      sharedBases: new Map(),
      timing: time.timingFor(dockerfile),
    });
    const titles = (line: number) => lenses.filter((l) => l.range.start.line === line - 1).map((l) => l.command!.title);
    assert.deepEqual(titles(2), ['62 MB · 62% of image · cached']);
    assert.deepEqual(titles(3), ['62 MB · 62% of image · 41.2 s · rebuilt: package.json changed']);
    assert.deepEqual(titles(5), ['62 MB · 62% of image · 2.0 s']);
  });

  it('a file change the watcher reports turns into "will rebuild" above the COPY and the steps after it', async () => {
    const { root, dockerfile, cacheEnv, model } = await setUp();
    const time = new TimeAndCache(cacheEnv);
    const none = async () => undefined;
    assert.deepEqual(
      (await time.forecast(dockerfile, model, 1, none))?.filter((s) => s.rebuild),
      [],
    );
    fs.writeFileSync(path.join(root, 'src/a.txt'), 'edited');
    time.changed([path.join(root, 'src/a.txt')]);
    const steps = await time.forecast(dockerfile, model, 1, none);
    const lenses = computeLenses({
      uri: 'file:///w/Dockerfile',
      model,
      lookup: { kind: 'no-image' },
      sharedBases: new Map(),
      forecast: steps,
    });
    const forecastTitles = lenses
      .filter((l) => l.command!.title.startsWith('will rebuild'))
      .map((l) => [l.range.start.line + 1, l.command!.title]);
    assert.deepEqual(forecastTitles, [
      [4, 'will rebuild: src/a.txt changed'],
      [5, 'will rebuild: follows line 4'],
    ]);
  });

  it('no recorded build: no forecast', async () => {
    const { dockerfile, model } = await setUp();
    const time = new TimeAndCache({ LAYERWISE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-no-records-')) });
    assert.equal(await time.forecast(dockerfile, model, 1, async () => undefined), undefined);
  });
});
