// A byte-level proxy in front of the real engine that can freeze: the "frozen engine" of the stall tests, without
// stopping the engine other tests share. Listens on a unix socket in a temp dir; forwards to the engine the tests
// use (DOCKER_HOST or the default socket; plain unix or tcp). `freezeAfter(pattern, bytes)` stops forwarding the
// response of a request whose first line matches, once that many bytes went through — the connection stays open
// and silent, as with a SIGSTOPped dockerd. `freezeAll()` makes every later connection silent from the start.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveEndpoint } from '../../server/src/core/engine/connection';

export interface FreezingProxy {
  socketPath: string;
  /** DOCKER_HOST value for clients of the proxy. */
  dockerHost: string;
  freezeAfter(requestLine: RegExp, bytes: number): void;
  freezeAll(): void;
  /** Close, without a byte of answer, the connection of a request whose first line matches (an engine that died). */
  hangUpOn(requestLine: RegExp): void;
  /** How many connections were frozen so far. */
  readonly frozen: number;
  close(): Promise<void>;
}

function engineTarget(): net.NetConnectOpts {
  const endpoint = resolveEndpoint();
  const unix = /^unix:\/\/(.*)$/.exec(endpoint.url);
  if (unix) return { path: unix[1] };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)/.exec(endpoint.url);
  if (tcp && !endpoint.tls) return { host: tcp[1], port: Number(tcp[2]) };
  throw new Error(`The freezing proxy forwards to a unix or plain tcp engine; ${endpoint.url}${endpoint.tls ? ' (TLS)' : ''} is neither`);
}

export async function startFreezingProxy(): Promise<FreezingProxy> {
  const target = engineTarget();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-frozen-'));
  const socketPath = path.join(dir, 'engine.sock');
  const sockets = new Set<net.Socket>();
  let rule: { requestLine: RegExp; bytes: number } | undefined;
  let all = false;
  let hangUp: RegExp | undefined;
  let frozen = 0;

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (all) {
      frozen++;
      client.resume();
      return;
    } // accepted, never answered
    const upstream = net.connect(target);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (!client.destroyed && !stalled) client.end();
    });
    let stalled = false;
    let watched = false;
    let forwarded = 0;
    client.on('data', (chunk: Buffer) => {
      if (hangUp?.test(chunk.toString('latin1').split('\r\n')[0])) {
        client.destroy();
        upstream.destroy();
        return;
      }
      if (!watched && rule && rule.requestLine.test(chunk.toString('latin1').split('\r\n')[0])) watched = true;
      upstream.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('data', (chunk: Buffer) => {
      if (stalled) return;
      if (watched && forwarded + chunk.length > rule!.bytes) {
        client.write(chunk.subarray(0, Math.max(0, rule!.bytes - forwarded)));
        stalled = true;
        frozen++;
        return; // the rest is swallowed: the client sees an open, silent connection
      }
      forwarded += chunk.length;
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    freezeAfter(requestLine, bytes) {
      rule = { requestLine, bytes };
    },
    freezeAll() {
      all = true;
    },
    hangUpOn(requestLine) {
      hangUp = requestLine;
    },
    get frozen() {
      return frozen;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
