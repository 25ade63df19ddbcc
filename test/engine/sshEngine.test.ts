// ssh://user@host, as DOCKER_HOST or the setting: an sshd started here on 127.0.0.1 (own config, keys and
// port; root logs in with a key made here), the remote end running `docker system dial-stdio` to the main
// engine. Authentication as the docker CLI would find it: a default key in ~/.ssh, or an ssh-agent.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBaseImage } from '../helpers/docker';
import { openEngine } from '../../server/src/core/engine/connection';
import { classifyEngineError } from '../../server/src/core/engine/engineErrors';
import { listLocalImages } from '../../server/src/core/engine/images';
import { readLayerReport } from '../../server/src/core/engine/layerReport';
import { watchImageEvents, type ImageEvent } from '../../server/src/core/engine/events';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { dockerHostUrl } from '../helpers/dockerCli';
import { buildImage, cliHistory, docker, makeContext, rememberImage, removeTestImages, uniqueTag } from './engineFixtures';

const SSHD = '/usr/sbin/sshd';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net
        .connect(port, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('engine: ssh:// endpoints', function () {
  this.timeout(180_000);
  let dir: string;
  let port: number;
  let home: string;
  let sshd: ChildProcess | undefined;
  let agentPid: number | undefined;

  before(async () => {
    if (!fs.existsSync(SSHD))
      throw new Error(`${SSHD} is missing: apt-get install openssh-server (the engine tests need it for ssh:// endpoints)`);
    if (process.getuid?.() !== 0) throw new Error('The ssh tests start their own sshd and must run as root');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-sshd-'));
    port = await freePort();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]);
    fs.copyFileSync(path.join(dir, 'client_key.pub'), path.join(dir, 'authorized_keys'));
    fs.writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'StrictModes no',
        'UsePAM no',
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        // The remote end's `docker system dial-stdio` reaches the engine the tests use, as the product resolved it.
        `SetEnv DOCKER_HOST=${dockerHostUrl()}`,
        '',
      ].join('\n'),
    );
    fs.mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory sshd insists on
    sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', fs.openSync(path.join(dir, 'sshd.log'), 'a')],
    });
    await waitForPort(port, 10_000);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-sshhome-'));
    fs.mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    fs.copyFileSync(path.join(dir, 'client_key'), path.join(home, '.ssh', 'id_ed25519'));
    fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), knownHostsLine());
  });

  /** What `ssh` writes after accepting the host: `[127.0.0.1]:PORT ssh-ed25519 AAAA…`. */
  function knownHostsLine(): string {
    const [type, key] = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/);
    return `[127.0.0.1]:${port} ${type} ${key}\n`;
  }

  after(async () => {
    if (sshd && sshd.exitCode === null) sshd.kill('SIGTERM');
    if (agentPid) {
      try {
        process.kill(agentPid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await removeTestImages();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('DOCKER_HOST=ssh://root@127.0.0.1:PORT with ~/.ssh/id_ed25519: ping, images, layers, events', async () => {
    const busybox = await requireBaseImage('busybox');
    const connection = openEngine({ env: { DOCKER_HOST: `ssh://root@127.0.0.1:${port}` }, homeDir: home, timeoutMs: 15_000 });
    assert.equal(connection.endpoint.source, 'DOCKER_HOST');
    assert.ok(connection.endpoint.ssh?.privateKey, 'the default key file was found');
    assert.equal(String(await connection.docker.ping()), 'OK');
    assert.ok((await listLocalImages(connection.docker, 15_000)).some((i) => i.tags.includes(busybox)));

    const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN dd if=/dev/zero of=/f bs=1k count=12\nENV OVER=ssh\n` });
    const tag = await buildImage('buildkit', context, uniqueTag('ssh'));
    const model = parseDockerfile(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
    const report = await readLayerReport(connection.docker, model, tag, { timeoutMs: 15_000 });
    const history = await cliHistory(tag);
    assert.deepEqual(
      report.layers.slice(1).map((l) => l.sizeBytes),
      [history[1].size, history[0].size],
    );

    const events: ImageEvent[] = [];
    let reachable = false;
    const watcher = watchImageEvents({
      docker: connection.streaming,
      endpoint: connection.endpoint,
      onEvent: (e) => events.push(e),
      onReachability: (r) => {
        reachable = r;
      },
    });
    try {
      for (let i = 0; i < 1200 && !reachable; i++) await new Promise((r) => setTimeout(r, 50)); // only against a hang
      assert.equal(reachable, true, 'event stream over ssh');
      const retag = `${tag}-ssh`;
      rememberImage(retag);
      await docker(['tag', tag, retag]);
      // Bounded only against a hang; how fast it arrives is the benchmarks' business.
      for (let i = 0; i < 6000 && !events.some((e) => e.name === retag); i++) await new Promise((r) => setTimeout(r, 10));
      const seen = events.find((e) => e.name === retag);
      assert.ok(seen, 'tag event over ssh');
      assert.equal(seen.action, 'tag');
    } finally {
      watcher.dispose();
    }
  });

  it('ssh-agent (SSH_AUTH_SOCK) through the setting', async () => {
    const socket = path.join(dir, 'agent.sock');
    const out = execFileSync('ssh-agent', ['-a', socket], { encoding: 'utf8' });
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
    execFileSync('ssh-add', [path.join(dir, 'client_key')], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
    const noKeys = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-nokeys-'));
    fs.mkdirSync(path.join(noKeys, '.ssh'));
    // Hashed host names, as `HashKnownHosts yes` writes them.
    fs.writeFileSync(path.join(noKeys, '.ssh', 'known_hosts'), knownHostsLine());
    execFileSync('ssh-keygen', ['-H', '-f', path.join(noKeys, '.ssh', 'known_hosts')], { stdio: 'pipe' });
    assert.match(fs.readFileSync(path.join(noKeys, '.ssh', 'known_hosts'), 'utf8'), /^\|1\|/);
    const connection = openEngine({
      hostSetting: `ssh://root@127.0.0.1:${port}`,
      env: { SSH_AUTH_SOCK: socket },
      homeDir: noKeys,
      timeoutMs: 15_000,
    });
    assert.deepEqual(connection.endpoint.ssh, { agent: socket, homeDir: noKeys });
    assert.equal(String(await connection.docker.ping()), 'OK');
  });

  it('a key the server does not accept is an error, not a hang', async () => {
    const stranger = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-stranger-'));
    fs.mkdirSync(path.join(stranger, '.ssh'));
    fs.writeFileSync(path.join(stranger, '.ssh', 'known_hosts'), knownHostsLine());
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(stranger, '.ssh', 'id_ed25519')]);
    const connection = openEngine({ env: { DOCKER_HOST: `ssh://root@127.0.0.1:${port}` }, homeDir: stranger, timeoutMs: 10_000 });
    // An error at all (not a hang until mocha's timeout) is the outcome; its kind says why.
    const error = await connection.docker.ping().then(
      () => undefined,
      (e) => e,
    );
    assert.ok(error, 'refused');
    assert.equal(classifyEngineError(error, connection.endpoint).kind, 'permission', String(error));
  });

  it('an unknown host key is refused (not in known_hosts), with a message saying so', async () => {
    const noKnownHosts = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-unknownhost-'));
    fs.mkdirSync(path.join(noKnownHosts, '.ssh'));
    fs.copyFileSync(path.join(dir, 'client_key'), path.join(noKnownHosts, '.ssh', 'id_ed25519'));
    const connection = openEngine({ env: { DOCKER_HOST: `ssh://root@127.0.0.1:${port}` }, homeDir: noKnownHosts, timeoutMs: 10_000 });
    const error = await connection.docker.ping().then(
      () => undefined,
      (e) => e,
    );
    assert.ok(error, 'an unknown host must not be trusted');
    const failure = classifyEngineError(error, connection.endpoint);
    assert.equal(failure.kind, 'host-key', String(error));
    assert.match(failure.message, /known_hosts/);
  });
});
