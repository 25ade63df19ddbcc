// How Layerwise finds an engine when nothing is configured, against real sockets: a stale default socket (the
// file left behind, nobody listening) must not hide a live Podman; rootless Podman is found without
// XDG_RUNTIME_DIR; root's Podman socket refused gives the Podman advice; and "Build image" builds in the engine
// Layerwise found (Podman), not in whatever the docker CLI would pick by itself.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeEndpoint, openEngine, pingEngine, resolveEndpoint } from '../../server/src/core/engine/connection';
import { EngineSession } from '../../server/src/core/engine/engineSession';
import { dockerCli } from '../helpers/dockerCli';
import { docker, makeContext, rememberImage, removeTestImages, uniqueTag } from './engineFixtures';
import { engineClient, engines, hostEngine, requireBase, type TestEngine } from './engineMatrix';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/** A unix socket file nobody listens on: what a stopped or removed engine leaves behind (connect: ECONNREFUSED). */
function staleSocket(dir: string): string {
  const socket = path.join(dir, 'docker.sock');
  const made = spawnSync(process.execPath, [
    '-e',
    `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.exit(0))`,
  ]);
  if (!fs.existsSync(socket)) throw new Error(`could not leave a stale socket at ${socket}: ${made.stderr}`);
  return socket;
}

/** A rootless-Podman runtime dir whose podman/podman.sock is the matrix's Podman 5. */
function runtimeDirFor(podman: TestEngine, dir: string): string {
  const runtime = path.join(dir, 'xdg');
  fs.mkdirSync(path.join(runtime, 'podman'), { recursive: true });
  fs.symlinkSync(podman.host.replace(/^unix:\/\//, ''), path.join(runtime, 'podman', 'podman.sock'));
  return runtime;
}

/** The environment of a user with no DOCKER_HOST, no context, and this runtime dir. */
function plainEnv(runtimeDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-home-')) };
  if (runtimeDir) env.XDG_RUNTIME_DIR = runtimeDir;
  return env;
}

describe('engine discovery (nothing configured)', function () {
  this.timeout(180_000);
  const podman = engines().find((e) => e.name === 'podman5');
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-discovery-'));
  });
  after(async () => {
    await removeTestImages();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rootless Podman without XDG_RUNTIME_DIR (ssh, su, cron): /run/user/<uid>/podman/podman.sock', () => {
    const rootless = '/run/user/4242/podman/podman.sock';
    const endpoint = resolveEndpoint({
      env: {},
      homeDir: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-home-')),
      uid: 4242,
      defaultSocket: path.join(dir, 'absent.sock'),
      fileExists: (f) => f === rootless,
    });
    assert.deepEqual([endpoint.url, endpoint.source], [`unix://${rootless}`, 'podman']);
  });

  it('[podman5] a stale default socket does not hide a live Podman, and the status says which answered', async function () {
    if (!podman) throw new Error('podman5 is not in LAYERWISE_ENGINES: this test needs it');
    await engineClient(podman, this);
    const stale = staleSocket(dir);
    const runtime = runtimeDirFor(podman, dir);
    const options = { env: plainEnv(runtime), defaultSocket: stale };
    const endpoint = resolveEndpoint(options);
    assert.deepEqual([endpoint.url, endpoint.source], [`unix://${path.join(runtime, 'podman', 'podman.sock')}`, 'podman']);
    assert.match(
      describeEndpoint(endpoint),
      new RegExp(`\\(podman; nothing listens on ${stale.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`),
    );
    const connection = openEngine(options);
    await pingEngine(connection);
    const version = await connection.docker.version();
    assert.ok(
      version.Components?.some((c) => /podman/i.test(c.Name)),
      JSON.stringify(version.Components),
    );
  });

  it('[podman5] "Build image" with Podman discovered and a docker CLI on PATH builds in Podman', async function () {
    if (!podman) throw new Error('podman5 is not in LAYERWISE_ENGINES: this test needs it');
    const busybox = await requireBase(podman, 'busybox', this);
    const host = hostEngine();
    await engineClient(host, this);
    const runtime = runtimeDirFor(podman, fs.mkdtempSync(path.join(dir, 'build-')));
    // The docker CLI left to itself would use its default engine (the host's, which answers): the build must not.
    const env = plainEnv(runtime);
    const session = new EngineSession({
      env,
      defaultSocket: staleSocket(fs.mkdtempSync(path.join(dir, 'stale-'))),
      build: { dockerCli: dockerCli(), env: { ...env, DOCKER_BUILDKIT: '0' } },
    });
    try {
      assert.equal(session.connection.endpoint.source, 'podman');
      const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN echo podman > /where\n` });
      const tag = uniqueTag('discovered-build');
      rememberImage(tag, podman);
      rememberImage(tag, host);
      const result = await session.build({ dockerfile: path.join(context, 'Dockerfile'), tag });
      assert.equal(result.ok, true, result.message);
      assert.equal(result.via, 'cli');
      assert.ok((await docker(['image', 'inspect', '--format', '{{.Id}}', tag], podman)).trim(), 'built in Podman');
      await assert.rejects(docker(['image', 'inspect', tag], host), 'not in the engine the CLI would have picked');
    } finally {
      session.dispose();
    }
  });

  it("[podman5] root's Podman socket, not readable: the advice is rootless Podman, not the docker group", async function () {
    if (!podman) throw new Error('podman5 is not in LAYERWISE_ENGINES: this test needs it');
    await engineClient(podman, this);
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    const context = makeContext({ Dockerfile: 'FROM scratch\n' });
    fs.chmodSync(context, 0o755);
    fs.chmodSync(path.join(context, 'Dockerfile'), 0o644);
    const result = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        CLI,
        'layers',
        '--image',
        'x',
        path.join(context, 'Dockerfile'),
      ],
      { env: { PATH: process.env.PATH, HOME: '/tmp', DOCKER_HOST: podman.host }, encoding: 'utf8' },
    );
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /Permission denied on .*podman.*systemctl --user enable --now podman\.socket/);
    assert.doesNotMatch(result.stderr, /docker" group/);
  });
});
