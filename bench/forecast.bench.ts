// The forecast's refresh after a save, as the language server runs it (lsp/timeLenses.ts): a 10,000-file context
// hashed once, then one file edited and reported by the watcher, and the forecast asked again. Target ≤ 50 ms.
// The first, cold forecast (listing and hashing every file `COPY . .` reads) is printed next to it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile } from '../server/src/core/model/dockerfileModel';
import { ContextHasher } from '../server/src/core/buildRecord/contextHasher';
import { stepInputs } from '../server/src/core/buildRecord/stepInputs';
import { writeRecord } from '../server/src/core/buildRecord/recordStore';
import { TimeAndCache } from '../server/src/lsp/timeLenses';
import { ms, summarize } from './stats';

const FILES = 10_000;
const TARGET_MS = 50;
const TEXT = 'FROM node:22\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-forecast-'));
  try {
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.writeFileSync(path.join(root, 'Dockerfile'), TEXT);
    for (let d = 0; d < FILES / 100; d++) {
      fs.mkdirSync(path.join(root, 'src', `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(root, 'src', `d${d}`, `f${f}.ts`), `export const v${d}_${f} = ${d * f};\n`);
    }
    const dockerfile = path.join(root, 'Dockerfile');
    const cacheEnv = { LAYERWISE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-records-')) };
    const model = parseDockerfile(TEXT);
    const noEngine = async () => undefined;
    const inputs = await stepInputs({
      model,
      builder: 'buildkit',
      hasher: new ContextHasher(root, { dockerfile, builder: 'buildkit' }),
      imageId: noEngine,
    });
    writeRecord(
      {
        version: 1,
        dockerfile,
        context: root,
        imageId: 'sha256:bench',
        builder: 'buildkit',
        buildArgs: {},
        finishedAt: new Date().toISOString(),
        seconds: 0,
        steps: inputs!.map((s) => ({ ...s, cached: false, seconds: 1 })),
      },
      cacheEnv,
    );

    const time = new TimeAndCache(cacheEnv);
    let version = 1;
    const cold = performance.now();
    const first = await time.forecast(dockerfile, model, version++, noEngine);
    const coldMs = performance.now() - cold;
    if (first?.some((s) => s.rebuild)) throw new Error('nothing changed yet the forecast says rebuild: the figures would be wrong');

    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const file = path.join(root, 'src', `d${i % 100}`, `f${i % 100}.ts`);
      fs.writeFileSync(file, `export const edited = ${i};\n`);
      const started = performance.now();
      time.changed([file]);
      const steps = await time.forecast(dockerfile, model, version++, noEngine);
      samples.push(performance.now() - started);
      const copy = steps?.find((s) => s.line === 5);
      if (!copy?.rebuild) throw new Error(`the edit of ${file} was not forecast: ${JSON.stringify(steps)}`);
    }
    const s = summarize(samples);
    const verdict = s.median <= TARGET_MS ? 'met' : 'MISSED';
    process.stdout.write(`context of ${FILES} files: first forecast (lists and hashes all) ${ms(coldMs)}\n`);
    process.stdout.write(
      `${'forecast refresh after a save'.padEnd(44)} median ${ms(s.median)}  p95 ${ms(s.p95)}  n=${samples.length}  (target ≤ ${TARGET_MS} ms: ${verdict})\n`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
