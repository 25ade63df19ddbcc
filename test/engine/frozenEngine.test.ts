// A frozen engine (a proxy in front of the real one stops forwarding mid-stream) must not hang anything: the
// export behind `layerwise analyze`, the history behind `layers`, the event stream. Each ends with a message that
// names what stalled. The idle limit is made small through LAYERWISE_ENGINE_IDLE_TIMEOUT_MS; no timing is asserted.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { makeContext } from './engineFixtures';
import { startFreezingProxy, type FreezingProxy } from './freezingProxy';
import { openEngine } from '../../server/src/core/engine/connection';
import { watchImageEvents } from '../../server/src/core/engine/events';
import type { EngineFailure } from '../../server/src/core/engine/engineErrors';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/** Runs the CLI against the proxy; resolves when it exits (a hang fails through mocha's timeout). */
function cli(args: string[], proxy: FreezingProxy): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, DOCKER_HOST: proxy.dockerHost, LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: '1500' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('engine: a frozen engine ends every stream with a message', function () {
  this.timeout(120_000);
  let proxy: FreezingProxy;
  let busybox: string;
  before(async () => {
    await requireEngine();
    busybox = await requireBaseImage('busybox');
  });
  beforeEach(async () => {
    proxy = await startFreezingProxy();
  });
  afterEach(() => proxy?.close());

  it('through the proxy, unfrozen, analyze works (the proxy itself is sound)', async () => {
    const r = await cli(['analyze', '--format', 'json', busybox], proxy);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).image, busybox);
  });

  it('analyze: the export freezes after 64 KB and the CLI exits 2 naming the stalled export', async () => {
    proxy.freezeAfter(/^GET \S*\/images\/\S+\/get /, 64 * 1024);
    const r = await cli(['analyze', busybox], proxy);
    assert.equal(proxy.frozen, 1, 'the export was not frozen');
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`stopped sending the export of "${busybox.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}": nothing for 1\\.5 s`),
    );
  });

  it('analyze: an engine frozen before it answers the export request is named too', async () => {
    proxy.freezeAfter(/^GET \S*\/images\/\S+\/get /, 0);
    const r = await cli(['analyze', busybox], proxy);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /did not start the export of .*no answer for 1\.5 s/);
  });

  it('analyze: an engine that dies before sending any of the export is not said to have "refused" it', async () => {
    proxy.hangUpOn(/^GET \S*\/images\/\S+\/get /);
    const r = await cli(['analyze', busybox], proxy);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /closed the connection before sending any of the export of/);
    assert.doesNotMatch(r.stderr, /refused/);
  });

  it('layers: a frozen history call exits 2 naming the image history', async () => {
    const dockerfile = path.join(makeContext({ Dockerfile: `FROM ${busybox}\n` }), 'Dockerfile');
    proxy.freezeAll();
    const r = await cli(['layers', '--image', busybox, dockerfile], proxy);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /did not answer in time: Docker engine \(image history\) did not answer within/);
  });

  it('events: a silent stream whose engine does not answer a ping is reported unreachable', async () => {
    const engine = openEngine({ hostSetting: proxy.dockerHost });
    const failures: (EngineFailure | undefined)[] = [];
    let reachable: boolean | undefined;
    const until = async (value: boolean) => {
      while (reachable !== value) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const watcher = watchImageEvents({
      docker: engine.streaming,
      endpoint: engine.endpoint,
      onEvent: () => undefined,
      idleTimeoutMs: 1000,
      initialBackoffMs: 60_000,
      onReachability: (value, failure) => {
        reachable = value;
        failures.push(failure);
      },
    });
    try {
      await until(true);
      proxy.freezeAll(); // the open event stream goes on (silent); the ping's new connection gets no answer
      await until(false);
      assert.match(
        failures.at(-1)?.message ?? '',
        /event stream was silent for 1 s and Docker engine \(ping\) did not answer within 1000 ms/,
      );
    } finally {
      watcher.dispose();
    }
  });
});
