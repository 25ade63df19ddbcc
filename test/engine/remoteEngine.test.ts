// A second engine started by the test (see secondEngine.ts): reached over TCP with TLS through
// DOCKER_HOST/DOCKER_TLS_VERIFY/DOCKER_CERT_PATH and through a Docker context the real docker CLI created,
// TLS failures classified, builds and layer matching over TLS, and the event subscription surviving a stop
// and restart of that engine.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openEngine } from '../../server/src/core/engine/connection';
import { classifyEngineError } from '../../server/src/core/engine/engineErrors';
import { watchImageEvents, type ImageEvent } from '../../server/src/core/engine/events';
import { buildWithApi } from '../../server/src/core/engine/build';
import { readLayerReport } from '../../server/src/core/engine/layerReport';
import { listLocalImages } from '../../server/src/core/engine/images';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { createSecondEngine, makeCertificates, type SecondEngine } from './secondEngine';
import { makeContext } from './engineFixtures';
import { dockerCli, engineSocketPath } from '../helpers/dockerCli';

const BASE = 'layerwise-test-engine-remote-base:1';

function emptyHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-home-'));
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('engine: a second engine over TCP+TLS, a Docker context, and restarts', function () {
  this.timeout(300_000);
  let engine: SecondEngine;
  let tlsEnv: NodeJS.ProcessEnv;

  before(async () => {
    if (process.getuid?.() !== 0) throw new Error('These tests start a second dockerd and must run as root');
    engine = await createSecondEngine();
    await engine.start();
    tlsEnv = { DOCKER_HOST: `tcp://127.0.0.1:${engine.tcpPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: engine.clientCerts };
    // A one-file image, imported: no registry and no copy of the main engine's images needed.
    const rootfs = makeContext({ 'hello.txt': 'hello from the second engine\n' });
    const tar = execFileSync('tar', ['-C', rootfs, '-c', '.']);
    execFileSync(dockerCli(), ['import', '-', BASE], { input: tar, env: { ...process.env, DOCKER_HOST: `unix://${engine.socket}` } });
  });
  after(async () => {
    await engine?.destroy();
  });

  it('DOCKER_HOST=tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: ping, list, build and match layers over TLS', async () => {
    const connection = openEngine({ env: tlsEnv, homeDir: emptyHome() });
    assert.equal(connection.endpoint.source, 'DOCKER_HOST');
    assert.equal(connection.endpoint.tls?.verify, true);
    assert.equal(String(await connection.docker.ping()), 'OK');
    assert.ok((await listLocalImages(connection.docker)).some((i) => i.tags.includes(BASE)));

    const context = makeContext({ 'a.txt': 'x'.repeat(4000), Dockerfile: `FROM ${BASE}\nCOPY a.txt /a.txt\nENV MODE=remote\n` });
    const tag = 'layerwise-test-engine-remote-built:1';
    const result = await buildWithApi({ dockerfile: path.join(context, 'Dockerfile'), tag }, connection.streaming);
    assert.equal(result.ok, true, result.message);
    const model = parseDockerfile(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
    const report = await readLayerReport(connection.docker, model, tag);
    assert.deepEqual(
      report.layers.map((l) => [l.line, l.matched]),
      [
        [1, true],
        [2, true],
        [3, true],
      ],
    );
    const history = (await connection.docker.getImage(tag).history()) as { Size: number; CreatedBy: string }[];
    // The classic builder records the build's --label as one more history entry, on top: it matches no line.
    assert.match(history[0].CreatedBy, /LABEL dev\.layerwise\.dockerfile=/);
    assert.equal(report.layers[1].sizeBytes, history.find((h) => /COPY/.test(h.CreatedBy))!.Size);
    assert.equal(report.layers[1].sizeBytes, 4000);
    assert.equal(report.layers[0].sizeBytes, history[history.length - 1].Size);
  });

  it('TLS failures are classified: unknown CA, and plain HTTP to the TLS port', async () => {
    const stranger = makeCertificates(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-othercerts-')), 'c'));
    const wrongCa = openEngine({ env: { ...tlsEnv, DOCKER_CERT_PATH: stranger.client }, homeDir: emptyHome(), timeoutMs: 3000 });
    const error = await wrongCa.docker.ping().then(
      () => undefined,
      (e) => e,
    );
    assert.ok(error, 'a client trusting another CA must not connect');
    assert.equal(classifyEngineError(error, wrongCa.endpoint).kind, 'tls', String(error));

    const plain = openEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${engine.tcpPort}` }, homeDir: emptyHome(), timeoutMs: 3000 });
    const plainError = await plain.docker.ping().then(
      () => undefined,
      (e) => e,
    );
    assert.ok(plainError);
    assert.equal(classifyEngineError(plainError, plain.endpoint).kind, 'tls', String(plainError));
  });

  it('the current Docker context, as `docker context create` + `docker context use` leave it', async () => {
    const home = emptyHome();
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    for (const name of ['DOCKER_CONFIG', 'DOCKER_HOST', 'DOCKER_CONTEXT']) delete env[name];
    const certs = engine.clientCerts;
    execFileSync(
      dockerCli(),
      [
        'context',
        'create',
        'lw-remote',
        '--docker',
        `host=tcp://127.0.0.1:${engine.tcpPort},ca=${certs}/ca.pem,cert=${certs}/cert.pem,key=${certs}/key.pem`,
      ],
      { env, stdio: 'pipe' },
    );
    execFileSync(dockerCli(), ['context', 'use', 'lw-remote'], { env, stdio: 'pipe' });
    const connection = openEngine({ env: {}, homeDir: home });
    assert.equal(connection.description, `context lw-remote (tcp://127.0.0.1:${engine.tcpPort})`);
    assert.equal(String(await connection.docker.ping()), 'OK');
    assert.ok(
      (await listLocalImages(connection.docker)).some((i) => i.tags.includes(BASE)),
      'talks to the second engine, not the main one',
    );
  });

  it('the event subscription reports the engine gone, reconnects when it is back, and sees new events', async () => {
    const connection = openEngine({ hostSetting: `unix://${engine.socket}` });
    const changes: boolean[] = [];
    const events: ImageEvent[] = [];
    const watcher = watchImageEvents({
      docker: connection.streaming,
      endpoint: connection.endpoint,
      initialBackoffMs: 100,
      maxBackoffMs: 1000,
      onEvent: (e) => events.push(e),
      onReachability: (r) => changes.push(r),
    });
    try {
      await waitFor(() => changes.length === 1, 5000, 'first connection');
      assert.deepEqual(changes, [true]);
      await engine.stop();
      await waitFor(() => changes.length >= 2, 5000, 'the watcher to notice the engine stopped');
      assert.equal(changes[1], false);
      await engine.start();
      await waitFor(() => changes.length >= 3 && changes.at(-1) === true, 10_000, 'the watcher to reconnect');
      // While down it may say so again with a newer reason (the tooltip shows the latest): never "up" in between.
      assert.deepEqual(changes.slice(1, -1).filter(Boolean), [], JSON.stringify(changes));
      const tag = `layerwise-test-engine-remote-retag:${Date.now()}`;
      execFileSync(dockerCli(), ['tag', BASE, tag], { env: { ...process.env, DOCKER_HOST: `unix://${engine.socket}` } });
      await waitFor(() => events.some((e) => e.action === 'tag' && e.name === tag), 1000, 'the tag event after the restart');
    } finally {
      watcher.dispose();
    }
  });

  it('the event stream over TCP has TCP keepalive on, so an engine host that vanishes without closing is noticed', async () => {
    const connection = openEngine({ env: tlsEnv, homeDir: emptyHome() });
    const changes: boolean[] = [];
    const watcher = watchImageEvents({
      docker: connection.streaming,
      endpoint: connection.endpoint,
      onEvent: () => undefined,
      onReachability: (r) => changes.push(r),
    });
    try {
      await waitFor(() => changes.length === 1, 5000, 'the event stream to connect');
      // The kernel's view of our connections to the engine: `ss -o` shows a keepalive timer on those that have it.
      const sockets = execFileSync('ss', ['-tnoH', 'state', 'established', `( dport = :${engine.tcpPort} )`], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.trim() !== '');
      assert.ok(sockets.length > 0, 'no connection to the engine found');
      assert.ok(
        sockets.some((l) => /timer:\(keepalive,/.test(l)),
        `no connection with a keepalive timer:\n${sockets.join('\n')}`,
      );
    } finally {
      watcher.dispose();
    }
  });

  it('`layerwise layers` over TLS via DOCKER_HOST, and exit 2 with a message when the engine is gone', async () => {
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm run test:engine does)`);
    const context = makeContext({ Dockerfile: `FROM ${BASE}\nCOPY Dockerfile /d\nENV MODE=remote\n` });
    const dockerfile = path.join(context, 'Dockerfile');
    const tag = 'layerwise-test-engine-remote-cli:1';
    const connection = openEngine({ env: tlsEnv, homeDir: emptyHome() });
    assert.equal((await buildWithApi({ dockerfile, tag }, connection.streaming)).ok, true);
    const env = { ...process.env, ...tlsEnv };
    const out = execFileSync(process.execPath, [cli, 'layers', '--image', tag, '--format', 'json', dockerfile], { env, encoding: 'utf8' });
    const rows = JSON.parse(out) as { line: number; instruction: string; sizeBytes: number | null; createdBy: string; matched: boolean }[];
    assert.deepEqual(
      rows.map((r) => [r.line, r.instruction, r.matched]),
      [
        [1, 'FROM', true],
        [2, 'COPY', true],
        [3, 'ENV', true],
      ],
    );
    assert.deepEqual(Object.keys(rows[1]).slice(0, 5), ['line', 'instruction', 'sizeBytes', 'createdBy', 'matched']);

    const missing = runCli(cli, ['layers', '--image', 'layerwise-test-engine-nope:1', dockerfile], env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /not found/);
    await engine.stop();
    try {
      const gone = runCli(cli, ['layers', '--image', tag, dockerfile], env);
      assert.equal(gone.status, 2);
      assert.match(gone.stderr.trim(), /^layerwise: Docker engine not reachable at tcp:\/\/127\.0\.0\.1:\d+/);
      assert.equal(gone.stderr.trim().split('\n').length, 1, 'one line');
    } finally {
      await engine.start();
    }
  });

  it('permission denied on the socket says how to fix it (run as an unprivileged user)', () => {
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    const context = makeContext({ Dockerfile: 'FROM scratch\n' });
    fs.chmodSync(context, 0o755);
    fs.chmodSync(path.join(context, 'Dockerfile'), 0o644);
    // The main engine's own socket (root's, not world-readable), as the product resolves it.
    const socket = engineSocketPath();
    if (!socket) throw new Error('This test needs the main engine on a unix socket (DOCKER_HOST is not unix://)');
    const result = runCli(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        cli,
        'layers',
        '--image',
        'x',
        path.join(context, 'Dockerfile'),
      ],
      { PATH: process.env.PATH, HOME: '/tmp', DOCKER_HOST: `unix://${socket}` },
      true,
    );
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`Permission denied on ${socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*docker" group`));
  });
});

function runCli(
  cli: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  raw = false,
): { status: number | null; stdout: string; stderr: string } {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const result = raw
    ? spawnSync(cli, args, { env, encoding: 'utf8' })
    : spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
