// Layer lenses against the real engine, for a 50-layer image built here from the busybox test base:
//  1. one refresh: image history + inspect (and the cached base) + matching, target ≤ 20 ms;
//  2. from the engine's image event (a tag) to matched layers ready, target ≤ 150 ms.
// Peer figures printed next to them: `docker history` through the CLI (what dive and users run), and the
// matching alone.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openEngine } from '../server/src/core/engine/connection';
import { buildImage } from '../server/src/core/engine/build';
import { watchImageEvents, type ImageEvent } from '../server/src/core/engine/events';
import { readImageHistory, type ImageHistory } from '../server/src/core/engine/history';
import { readLayerReport } from '../server/src/core/engine/layerReport';
import { matchHistoryToInstructions } from '../server/src/core/engine/matchHistory';
import { parseDockerfile } from '../server/src/core/model/dockerfileModel';
import { ms, summarize } from './stats';
import { dockerCli } from '../test/helpers/dockerCli';

const BASE = 'layerwise-test/busybox:1';
const TAG = 'layerwise-test-bench-layers:50';

function line(name: string, samples: number[], target?: number): void {
  const s = summarize(samples);
  const verdict = target === undefined ? '' : s.median <= target ? `  (target ≤ ${target} ms: met)` : `  (target ≤ ${target} ms: MISSED)`;
  process.stdout.write(`${name.padEnd(44)} median ${ms(s.median)}  p95 ${ms(s.p95)}  n=${samples.length}${verdict}\n`);
}

export async function run(): Promise<void> {
  const engine = openEngine();
  await engine.docker.ping();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-'));
  const text = [`FROM ${BASE}`, ...Array.from({ length: 49 }, (_, i) => `RUN echo layer ${i} > /layer-${i}.txt`), ''].join('\n');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  const built = await buildImage({ dockerfile: path.join(dir, 'Dockerfile'), tag: TAG }, engine.streaming, {
    dockerCli: dockerCli(),
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
  });
  if (!built.ok) throw new Error(`bench image build failed: ${built.message}`);
  const extraTags: string[] = [];
  try {
    const model = parseDockerfile(text);
    const baseCache = new Map<string, ImageHistory | null>();
    const first = await readLayerReport(engine.docker, model, TAG, { baseCache });
    const matched = first.layers.filter((l) => l.matched).length;
    process.stdout.write(`image ${TAG}: ${first.image.layerCount} layers, ${first.layers.length} instructions, ${matched} matched\n`);
    if (matched !== first.layers.length) throw new Error('not every instruction matched: the figures would not be representative');

    const refresh: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await readLayerReport(engine.docker, model, TAG, { baseCache });
      refresh.push(performance.now() - t);
    }
    line('refresh (history+inspect+match, base cached)', refresh, 20);

    const history = await readImageHistory(engine.docker, TAG);
    const matching: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      matchHistoryToInstructions(parseDockerfile(text), history.entries, { baseEntries: 2 });
      matching.push(performance.now() - t);
    }
    line('  of which parse + matching alone', matching);

    const cli: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      execFileSync(dockerCli(), ['history', '--no-trunc', TAG], { stdio: 'pipe' });
      cli.push(performance.now() - t);
    }
    line('peer: `docker history --no-trunc` (CLI)', cli);

    // Event → lenses: each `tag` the engine reports triggers a refresh, as the language server does.
    const fromEngineTime: number[] = [];
    const fromReceipt: number[] = [];
    let pending: ((e: ImageEvent) => void) | undefined;
    const watcher = watchImageEvents({ docker: engine.streaming, endpoint: engine.endpoint, onEvent: (e) => pending?.(e) });
    try {
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 15; i++) {
        const repo = 'layerwise-test-bench-layers';
        const tag = `event-${process.pid}-${i}`;
        extraTags.push(`${repo}:${tag}`);
        const done = new Promise<void>((resolve) => {
          pending = (event) => {
            if (event.action !== 'tag' || event.name !== `${repo}:${tag}`) return;
            pending = undefined;
            void readLayerReport(engine.docker, model, TAG, { baseCache }).then(() => {
              const now = Date.now();
              fromEngineTime.push(now - event.timeMs);
              fromReceipt.push(now - event.receivedMs);
              resolve();
            });
          };
        });
        await engine.docker.getImage(TAG).tag({ repo, tag });
        await done;
      }
    } finally {
      watcher.dispose();
    }
    line('event (engine time) → matched layers ready', fromEngineTime, 150);
    line('event received → matched layers ready', fromReceipt);
  } finally {
    for (const tag of [...extraTags, TAG])
      await engine.docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
