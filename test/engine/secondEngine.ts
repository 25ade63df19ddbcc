// A second dockerd for tests that stop and restart an engine or need it on TCP with TLS, so the main engine
// other tests share is never touched: own data root, exec root, pidfile, a unix socket under /tmp, and
// `-H tcp://127.0.0.1:PORT --tlsverify` with a CA, server and client certificates made here with openssl.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import Dockerode from 'dockerode';

export interface SecondEngine {
  dir: string;
  socket: string;
  tcpPort: number;
  /** Folder with ca.pem, cert.pem, key.pem for the client (DOCKER_CERT_PATH layout). */
  clientCerts: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the daemon and removes its folders. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** CA, server cert for 127.0.0.1 and a client cert (clientAuth), as the Docker docs' "protect the daemon socket" recipe. */
export function makeCertificates(dir: string): { server: string; client: string } {
  fs.mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=layerwise-test-ca',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
    ],
    dir,
  );
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const who of ['server', 'client']) {
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        `/CN=${who === 'server' ? 'localhost' : 'layerwise-client'}`,
        '-keyout',
        `${who}-key.pem`,
        '-out',
        `${who}.csr`,
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${who}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${who}.ext`,
        '-out',
        `${who}-cert.pem`,
      ],
      dir,
    );
  }
  const client = path.join(dir, 'client');
  fs.mkdirSync(client);
  fs.copyFileSync(path.join(dir, 'ca.pem'), path.join(client, 'ca.pem'));
  fs.copyFileSync(path.join(dir, 'client-cert.pem'), path.join(client, 'cert.pem'));
  fs.copyFileSync(path.join(dir, 'client-key.pem'), path.join(client, 'key.pem'));
  return { server: dir, client };
}

const OWN_BRIDGE = 'lwtest0';

/** A bridge for the second engine alone (link-local address, no routes, no traffic leaves it). */
function ensureOwnBridge(): string {
  const ip = (args: string[]) => spawnSync('ip', args, { encoding: 'utf8' });
  if (ip(['link', 'show', OWN_BRIDGE]).status !== 0) {
    ip(['link', 'add', OWN_BRIDGE, 'type', 'bridge']);
    ip(['addr', 'add', '169.254.213.1/24', 'dev', OWN_BRIDGE]);
    ip(['link', 'set', OWN_BRIDGE, 'up']);
  }
  return OWN_BRIDGE;
}

export async function createSecondEngine(): Promise<SecondEngine> {
  const dir = fs.mkdtempSync(`/tmp/lw-e2-`);
  const socket = path.join(dir, 'd.sock');
  const tcpPort = await freePort();
  const certs = makeCertificates(path.join(dir, 'certs'));
  let child: ChildProcess | undefined;
  const args = [
    '--data-root',
    path.join(dir, 'data'),
    '--exec-root',
    path.join(dir, 'exec'),
    '--pidfile',
    path.join(dir, 'dockerd.pid'),
    '-H',
    `unix://${socket}`,
    '-H',
    `tcp://127.0.0.1:${tcpPort}`,
    '--tlsverify',
    '--tlscacert',
    path.join(certs.server, 'ca.pem'),
    '--tlscert',
    path.join(certs.server, 'server-cert.pem'),
    '--tlskey',
    path.join(certs.server, 'server-key.pem'),
    // Its own bridge: `--bridge=none` would make dockerd delete the host's docker0 (removeDefaultBridgeInterface)
    // and break the main engine's builds; its own iptables rules would clash with the main engine's.
    '--bridge',
    ensureOwnBridge(),
    '--iptables=false',
    '--ip6tables=false',
  ];
  const engine: SecondEngine = {
    dir,
    socket,
    tcpPort,
    clientCerts: certs.client,
    async start() {
      const log = fs.openSync(path.join(dir, 'dockerd.log'), 'a');
      child = spawn('dockerd', args, { stdio: ['ignore', log, log] });
      fs.closeSync(log);
      const docker = new Dockerode({ socketPath: socket });
      for (let i = 0; i < 120; i++) {
        if (child.exitCode !== null) break;
        try {
          await docker.ping();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      const tail = fs.readFileSync(path.join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-8).join('\n');
      throw new Error(`second dockerd did not start (is this root with /usr/sbin/dockerd?):\n${tail}`);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once('exit', r));
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async destroy() {
      await engine.stop();
      try {
        execFileSync('umount', ['-R', path.join(dir, 'data')], { stdio: 'ignore' });
      } catch {
        /* not mounted */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}
