// The export reader that reads `GET /images/{name}/get` straight off the engine's socket: a server on a unix socket
// answers with exact bytes (framing, splits, errors, cuts) that a real engine sends only by chance; the engine
// tests (analysis, frozenEngine) run the same reader against real engines.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { EngineAnswerError, openImageExport, plainEndpoint } from '../../../server/src/core/engine/imageExport';

interface FakeAnswer {
  /** Writes the answer to one connection; `request` is the request head as received. */
  (socket: net.Socket, request: string): void | Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An HTTP server on a unix socket that answers every request with `answer`; resolves to its client and the requests. */
async function serve(answer: FakeAnswer): Promise<{ docker: Dockerode; requests: string[]; close: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-export-'));
  const socketPath = path.join(dir, 'engine.sock');
  const requests: string[] = [];
  const server = net.createServer((socket) => {
    let head = '';
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      if (head.includes('\r\n\r\n')) return;
      head += data.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        requests.push(head);
        void answer(socket, head);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    docker: new Dockerode({ socketPath }),
    requests,
    close: () => {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `bytes` in pieces of `size`, letting each go out on its own. */
async function writeInPieces(socket: net.Socket, bytes: Buffer, size: number): Promise<void> {
  for (let at = 0; at < bytes.length; at += size) {
    socket.write(bytes.subarray(at, at + size));
    await sleep(1);
  }
}

function chunked(body: Buffer, chunkSize: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunkSize) {
    const piece = body.subarray(at, at + chunkSize);
    parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\nX-Trailer: yes\r\n\r\n'));
  return Buffer.concat(parts);
}

/** Reads the whole export, copying every piece (they are lent); `slow` makes the reader wait on some pieces. */
async function readAll(docker: Dockerode, ref = 'app:1', slow = false): Promise<Buffer> {
  const source = await openImageExport(docker, ref);
  const kept: Buffer[] = [];
  let count = 0;
  await source.forEach((piece) => {
    kept.push(Buffer.from(piece));
    return slow && count++ % 3 === 0 ? sleep(2) : undefined;
  });
  return Buffer.concat(kept);
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('engine image export read off the socket', function () {
  this.timeout(30_000);
  let fake: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(() => fake?.close());

  it('is used for a unix socket and plain tcp, not for TLS', () => {
    assert.deepEqual(plainEndpoint(new Dockerode({ socketPath: '/run/x.sock' })), { path: '/run/x.sock' });
    assert.deepEqual(plainEndpoint(new Dockerode({ protocol: 'http', host: 'box', port: 2375 })), { host: 'box', port: 2375 });
    assert.equal(plainEndpoint(new Dockerode({ protocol: 'https', host: 'box', port: 2376 })), undefined);
  });

  it('reads a chunked body split at every possible place, with trailers, and asks for the encoded reference', async () => {
    const body = randomBytes(300_000);
    fake = await serve(async (socket) => {
      const answer = Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n'),
        chunked(body, 7_777),
      ]);
      await writeInPieces(socket, answer.subarray(0, 200), 1); // the head and the first chunk's framing byte by byte
      await writeInPieces(socket, answer.subarray(200), 65_521);
      socket.end();
    });
    const read = await readAll(fake.docker, 'registry.example:5000/team/app:1.2');
    assert.equal(sha(read), sha(body));
    assert.match(fake.requests[0], /^GET \/images\/registry.example%3A5000%2Fteam%2Fapp%3A1.2\/get HTTP\/1.1\r\n/);
  });

  it('keeps every byte when the reader makes it wait (the read buffer is reused only after)', async () => {
    const body = randomBytes(3_000_000);
    fake = await serve(async (socket) => {
      socket.write(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), chunked(body, 32 * 1024)]));
      socket.end();
    });
    assert.equal(sha(await readAll(fake.docker, 'app:1', true)), sha(body));
  });

  it('reads a body counted by Content-Length, and one that ends with the connection', async () => {
    const body = randomBytes(100_000);
    fake = await serve((socket) => {
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    });
    assert.equal(sha(await readAll(fake.docker, 'app:1', true)), sha(body));
    fake.close();
    fake = await serve((socket) => {
      socket.end(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\n\r\n'), body]));
    });
    assert.equal(sha(await readAll(fake.docker)), sha(body));
  });

  it("an error answer rejects with the engine's status and message, counted or chunked", async () => {
    const json = Buffer.from('{"message":"reference does not exist"}\n');
    fake = await serve((socket) => {
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 404 Not Found\r\nContent-Length: ${json.length}\r\n\r\n`), json]));
    });
    await assert.rejects(openImageExport(fake.docker, 'gone:1'), (error: EngineAnswerError) => {
      assert.equal(error.statusCode, 404);
      assert.equal(error.json?.message, 'reference does not exist');
      return true;
    });
    fake.close();
    fake = await serve((socket) => {
      socket.end(
        Buffer.concat([Buffer.from('HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n'), chunked(json, 5)]),
      );
    });
    await assert.rejects(openImageExport(fake.docker, 'app:1'), { statusCode: 500, message: /reference does not exist/ });
  });

  it('a hang-up before the answer is a reset connection; a cut inside the body ends reading with an error', async () => {
    fake = await serve((socket) => void socket.end());
    await assert.rejects(openImageExport(fake.docker, 'app:1'), { code: 'ECONNRESET' });
    fake.close();
    fake = await serve((socket) => {
      socket.end(
        Buffer.concat([
          Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'),
          chunked(randomBytes(50_000), 4096).subarray(0, 20_000),
        ]),
      );
    });
    await assert.rejects(readAll(fake.docker), /premature close/);
  });

  it('a malformed answer is refused, and destroy stops reading with the given error', async () => {
    fake = await serve((socket) => void socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await assert.rejects(openImageExport(fake.docker, 'app:1'), /not HTTP/);
    fake.close();
    fake = await serve((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      socket.write(chunked(randomBytes(10_000), 1000).subarray(0, 5000)); // then silence, connection open
    });
    const source = await openImageExport(fake.docker, 'app:1');
    const reading = source.forEach(() => undefined);
    setTimeout(() => source.destroy(new Error('given up')), 50);
    await assert.rejects(reading, /given up/);
  });

  it('a request given up before any answer rejects and closes its connection', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    fake = await serve((socket) => void socket.once('close', closed)); // reads the request, never answers
    const giveUp = new AbortController();
    const answer = openImageExport(fake.docker, 'app:1', giveUp.signal);
    while (fake.requests.length === 0) await sleep(5);
    giveUp.abort();
    await assert.rejects(answer, /given up/);
    await connectionClosed;
  });
});
