// "Analyze image" speed and memory against the real engine.
// 1. Time: analysis of a ~380 MB image (random data in several layers, 20 000 small files, deletes) divided by
//    the time to stream the same export from the engine to nowhere — the physical floor, read as leanly as curl
//    reads it (the analysis's own socket reader with nothing behind it, not dockerode's slower stream). Target ≤ 1.1
//    (issue 18; whole processes against curl itself: bench/cli.bench.ts).
// 2. Memory: the analysis of a ~1 GB image (120 000 files) in a child process, its peak RSS and heap, next to
//    a child that only streams the export. Target < 200 MB: memory follows the file count, not the bytes.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { requireBaseImage, requireEngine } from '../test/helpers/docker';
import { analyzeImage } from '../server/src/core/image/analyzeImage';
import { startImageExport } from '../server/src/core/engine/imageExport';
import { summarize } from './stats';
import { dockerCli } from '../test/helpers/dockerCli';

const MID = 'layerwise-test-bench-analyze-mid:1';
const BIG = 'layerwise-test-bench-analyze-big:1';
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** A shell command writing `count` files of 100 to `maxSize` bytes in one process (busybox has awk, not split). */
function manyFiles(prefix: string, count: number, maxSize: number): string {
  return `awk 'BEGIN{s=sprintf("%${maxSize}s",""); for(i=0;i<${count};i++){f="${prefix}" i; printf "%s", substr(s,1,100+i%${maxSize - 100}) > f; close(f)}}'`;
}

function build(tag: string, dockerfile: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bench-analyze-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const started = performance.now();
  const result = spawnSync(dockerCli(), ['build', '-q', '-t', tag, dir], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`building ${tag} failed: ${result.stderr}`);
  console.log(`built ${tag} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function streamToNowhere(docker: Dockerode, tag: string): Promise<number> {
  const source = await startImageExport(docker, tag)!.answer;
  let bytes = 0;
  await source.forEach((piece) => {
    bytes += piece.length;
    return undefined;
  });
  return bytes;
}

/** Runs this file as a child doing one thing, and reads back its figures (max RSS from the kernel). */
function child(
  mode: 'analyze' | 'stream',
  tag: string,
): Promise<{ ms: number; maxRssKb: number; heapPeak: number; files?: number; bytes?: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [__filename, '--child', mode, tag], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench child (${mode}) exited ${code}: ${out}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

async function childMain(mode: string, tag: string): Promise<void> {
  const docker = await requireEngine();
  let heapPeak = 0;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 20);
  const started = performance.now();
  let files: number | undefined;
  let bytes: number | undefined;
  if (mode === 'analyze') {
    const report = await analyzeImage(docker, tag, {});
    files = report.layers.reduce((sum, l) => sum + l.fileCount, 0);
    bytes = report.sizeBytes;
  } else {
    bytes = await streamToNowhere(docker, tag);
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, heapPeak, files, bytes }) + '\n');
}

export async function run(): Promise<void> {
  const docker = await requireEngine();
  const busybox = await requireBaseImage('busybox');
  build(
    MID,
    [
      `FROM ${busybox}`,
      'RUN dd if=/dev/urandom of=/l1 bs=1M count=80 2>/dev/null',
      'RUN dd if=/dev/urandom of=/l2 bs=1M count=80 2>/dev/null',
      `RUN mkdir /many && cd /many && ${manyFiles('f', 20000, 4000)}`,
      'RUN dd if=/dev/urandom of=/l3 bs=1M count=80 2>/dev/null && dd if=/dev/urandom of=/tmp1 bs=1M count=40 2>/dev/null',
      'RUN rm /l1 /tmp1 && rm -rf /many/faa*',
      'RUN dd if=/dev/urandom of=/l4 bs=1M count=60 2>/dev/null',
      '',
    ].join('\n'),
  );
  try {
    const floors: number[] = [];
    const analyses: number[] = [];
    let size = 0;
    await streamToNowhere(docker, MID); // warm the engine's page cache, so neither side pays for the first read
    for (let round = 0; round < 3; round++) {
      let started = performance.now();
      size = await streamToNowhere(docker, MID);
      floors.push(performance.now() - started);
      started = performance.now();
      const report = await analyzeImage(docker, MID);
      analyses.push(performance.now() - started);
      if (round === 0)
        console.log(
          `image ${MID}: archive ${mb(size)}, ${report.layers.length} layers, ${report.layers.reduce((s, l) => s + l.fileCount, 0)} entries, wasted ${mb(report.wastedBytes)}`,
        );
    }
    const floor = summarize(floors).median;
    const analysis = summarize(analyses).median;
    console.log(`stream to nowhere (floor): median ${floor.toFixed(0)} ms (${(size / 1e6 / (floor / 1000)).toFixed(0)} MB/s)`);
    console.log(`analysis:                  median ${analysis.toFixed(0)} ms`);
    console.log(`ratio analysis / floor: ${(analysis / floor).toFixed(2)} (target ≤ 1.1)`);

    build(
      BIG,
      [
        `FROM ${MID}`,
        'RUN dd if=/dev/urandom of=/b1 bs=1M count=200 2>/dev/null',
        'RUN dd if=/dev/urandom of=/b2 bs=1M count=200 2>/dev/null',
        `RUN mkdir /more && cd /more && ${manyFiles('g', 100000, 2000)}`,
        'RUN dd if=/dev/urandom of=/b3 bs=1M count=200 2>/dev/null',
        '',
      ].join('\n'),
    );
    const streamed = await child('stream', BIG);
    const analyzed = await child('analyze', BIG);
    console.log(`memory, ${BIG} (${mb(analyzed.bytes ?? 0)} stored, ${analyzed.files} entries):`);
    console.log(
      `  stream only: max RSS ${(streamed.maxRssKb / 1024).toFixed(0)} MiB, heap peak ${(streamed.heapPeak / 2 ** 20).toFixed(0)} MiB, ${streamed.ms.toFixed(0)} ms`,
    );
    console.log(
      `  analysis:    max RSS ${(analyzed.maxRssKb / 1024).toFixed(0)} MiB, heap peak ${(analyzed.heapPeak / 2 ** 20).toFixed(0)} MiB, ${analyzed.ms.toFixed(0)} ms (target < 200 MB)`,
    );
  } finally {
    if (!process.env.LAYERWISE_BENCH_KEEP) spawnSync(dockerCli(), ['rmi', '-f', BIG, MID]);
  }
}

if (require.main === module && process.argv[2] === '--child') {
  childMain(process.argv[3], process.argv[4]).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  });
}
