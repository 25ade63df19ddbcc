// The `layerwise/analyzeImage` request over the real protocol against the real engine: work-done progress,
// cancellation, the trust gate, errors as messages.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CancellationTokenSource, WorkDoneProgress } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../protocol/lspClient';
import { requireBaseImage } from '../helpers/docker';
import { analyzeImageRequest, AnalyzeImageResult } from '../../common/protocol';
import { dockerCli } from '../helpers/dockerCli';

const TAG = 'layerwise-test-analysis-lsp:1';
const MB = 1024 * 1024;

describe('layerwise/analyzeImage over LSP (real engine)', function () {
  this.timeout(300_000);
  let dir: string;
  let dockerfileUri: string;
  const clients: LspTestClient[] = [];

  async function client(trusted: boolean): Promise<LspTestClient> {
    const c = new LspTestClient();
    clients.push(c);
    await c.initialize({ editorFeatures: false, trusted });
    return c;
  }

  before(async () => {
    const busybox = await requireBaseImage('busybox');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-analysis-lsp-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${busybox}\nRUN dd if=/dev/urandom of=/junk bs=1M count=40\nRUN rm /junk\n`);
    const built = spawnSync(dockerCli(), ['build', '-q', '-t', TAG, dir], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    if (built.status !== 0) throw new Error(`docker build failed: ${built.stderr}`);
    dockerfileUri = `file://${path.join(dir, 'Dockerfile')}`;
  });

  after(() => {
    for (const c of clients) c.kill();
    spawnSync(dockerCli(), ['rmi', '-f', TAG]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers with the report, reporting bytes read of the total as work-done progress', async () => {
    const c = await client(true);
    const progress: { kind: string; message?: string; percentage?: number }[] = [];
    c.connection.onProgress(WorkDoneProgress.type, 'p1', (value) => {
      progress.push(value);
    });
    const result = await c.connection.sendRequest(analyzeImageRequest, { image: TAG, dockerfileUri, workDoneToken: 'p1' });
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.report.wastedBytes, 40 * MB);
    assert.deepEqual([result.report.wastedFiles[0].addedLine, result.report.wastedFiles[0].hiddenLine], [2, 3]);
    assert.equal(result.report.wastePairs[0].fix?.rule, 'cleanup-in-later-layer');
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[progress.length - 1].kind, 'end');
    const reports = progress.filter((p) => p.kind === 'report');
    assert.ok(reports.length >= 3, `several progress reports (got ${reports.length})`);
    assert.match(reports[reports.length - 1].message ?? '', /MB of ~\d+(\.\d)? MB read/);
    const percentages = reports.map((r) => r.percentage ?? 0);
    assert.deepEqual(
      percentages,
      [...percentages].sort((a, b) => a - b),
      'progress only goes forward',
    );
  });

  it('stops on cancellation and answers no report', async () => {
    const c = await client(true);
    const source = new CancellationTokenSource();
    c.connection.onProgress(WorkDoneProgress.type, 'p2', (value) => {
      if (value.kind === 'report') source.cancel();
    });
    const outcome = await c.connection.sendRequest(analyzeImageRequest, { image: TAG, workDoneToken: 'p2' }, source.token).then(
      (r: AnalyzeImageResult) => r,
      (error: Error) => error,
    );
    if (outcome instanceof Error) assert.match(outcome.message, /cancel/i);
    else assert.deepEqual([outcome.ok, !outcome.ok && outcome.cancelled], [false, true], JSON.stringify(outcome));
    // Still serving.
    const after = await c.connection.sendRequest(analyzeImageRequest, { image: 'layerwise-test-analysis-missing:1' });
    assert.ok(!after.ok && /No image/.test(after.message));
  });

  it('does not contact the engine in an untrusted workspace', async () => {
    const c = await client(false);
    const result = await c.connection.sendRequest(analyzeImageRequest, { image: TAG });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /trust/);
  });
});
