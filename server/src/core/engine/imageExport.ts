// The image export (`GET /images/{name}/get`, what `docker save` reads), read straight off the engine's socket
// into one reused buffer. Through dockerode the same bytes cost about three times curl's CPU (a fresh 64 KB
// buffer per read, Node's HTTP parser and a stream per response; docs/performance.md, analysis against curl):
// enough to keep the analysis from the engine's pace. The response is HTTP/1.1 from the engine itself, so the
// reader only needs a status line, headers and chunked or counted framing. Endpoints it cannot reach this way
// (TLS, ssh, Windows pipes) go through dockerode as before.
import * as net from 'node:net';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ChunkSource } from '../image/byteStreams';
import { readableSource } from '../image/byteStreams';
import { engineImage, imagePathSegment } from './imageReference';

/** One socket read fills at most this much; the buffer is reused by every read (no allocation per read). */
const READ_BUFFER_BYTES = 256 * 1024;
/** Status line and headers; the engine's are a few hundred bytes. */
const MAX_HEAD_BYTES = 64 * 1024;
/** An error answer's body (the engine's JSON message) is kept up to this size. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const CONNECT_TIMEOUT_MS = 10_000;

/** An error answer, shaped as docker-modem shapes it (callers read `statusCode` and `json.message`). */
export class EngineAnswerError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: { message?: string } | undefined,
    body: string,
  ) {
    super(`(HTTP code ${statusCode}) ${json?.message ?? body.trim()}`);
  }
}

type ClientOptions = { socketPath?: unknown; protocol?: string; host?: string; port?: unknown; agent?: unknown };

/**
 * Where a client connects, when it is a plain socket this reader can use itself: a dockerode client (its modem),
 * or the options one would be made with (connection.ts dockerodeOptions), so the export can start before it is.
 */
export function plainEndpoint(client: Dockerode | ClientOptions): net.NetConnectOpts | undefined {
  const options = ((client as { modem?: ClientOptions }).modem ?? client) as ClientOptions;
  if (typeof options.socketPath === 'string') return process.platform === 'win32' ? undefined : { path: options.socketPath };
  if (options.protocol === 'http' && options.host && !options.agent) return { host: options.host, port: Number(options.port) || 2375 };
  return undefined;
}

/** An export request on its way: its answer, and how to give it up (closing the connection, answered or not). */
export interface StartedExport {
  answer: Promise<ChunkSource>;
  giveUp(): void;
}

/**
 * Sends the export request of `ref`. The answer resolves once the engine answers 2xx, with a source of the
 * archive's bytes; it rejects with EngineAnswerError on an error answer, or the connection's error. Undefined
 * when `client` is only options that name no plain socket (TLS, ssh: those need the dockerode client).
 */
export function startImageExport(client: Dockerode | ClientOptions, ref: string): StartedExport | undefined {
  const endpoint = plainEndpoint(client);
  if (endpoint) {
    const reader = new SocketExport(endpoint, `/images/${imagePathSegment(ref)}/get`);
    reader.answer.catch(() => undefined); // read by whoever awaits it; a failure after giving up is nobody's
    return { answer: reader.answer, giveUp: () => reader.destroy(new Error('The export request was given up')) };
  }
  if (!(client instanceof Object && 'getImage' in client)) return undefined;
  const answer = (engineImage(client, ref).get() as unknown as Promise<Readable>).then(readableSource);
  answer.catch(() => undefined);
  // An answer that arrives after we gave up is closed, not left open.
  return {
    answer,
    giveUp: () =>
      void answer.then(
        (late) => late.destroy(),
        () => undefined,
      ),
  };
}

/** `startImageExport` on a dockerode client, with an AbortSignal to give it up. */
export function openImageExport(docker: Dockerode, ref: string, signal?: AbortSignal): Promise<ChunkSource> {
  const started = startImageExport(docker, ref)!;
  signal?.addEventListener('abort', () => started.giveUp(), { once: true });
  return started.answer;
}

type Framing = { kind: 'chunked' } | { kind: 'length'; left: number } | { kind: 'close' };
type Phase = 'head' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' | 'body' | 'done';

class SocketExport implements ChunkSource {
  readonly answer: Promise<ChunkSource>;
  private resolveAnswer!: (source: ChunkSource) => void;
  private rejectAnswer!: (error: unknown) => void;
  private answered = false;
  private readonly socket: net.Socket;
  private phase: Phase = 'head';
  private head = Buffer.alloc(0);
  private line = '';
  private framing: Framing = { kind: 'close' };
  private chunkLeft = 0;
  private statusCode = 0;
  private readonly errorBody: Buffer[] = [];
  private errorBodyLength = 0;
  /** Body bytes that came with the headers, held until `forEach` starts. */
  private early: Buffer | undefined;
  private onChunk: ((piece: Buffer) => Promise<void> | undefined) | undefined;
  private finish: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  private failure: unknown;
  /** Waiting for the reader (the socket is paused meanwhile). */
  private waiting = false;

  constructor(endpoint: net.NetConnectOpts, path: string) {
    this.answer = new Promise((resolve, reject) => {
      this.resolveAnswer = resolve;
      this.rejectAnswer = reject;
    });
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    this.socket = net.connect({
      ...endpoint,
      onread: { buffer, callback: (length: number) => this.received(buffer.subarray(0, length)) },
    } as net.NetConnectOpts);
    this.socket.setTimeout(CONNECT_TIMEOUT_MS, () => this.fail(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })));
    this.socket.once('connect', () => {
      this.socket.setTimeout(0);
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: layerwise\r\nConnection: close\r\n\r\n`);
    });
    this.socket.on('error', (error) => this.fail(error));
    this.socket.once('end', () => this.ended());
    this.socket.once('close', () => this.ended());
  }

  forEach(onChunk: (piece: Buffer) => Promise<void> | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.onChunk = onChunk;
      this.finish = { resolve, reject };
      const early = this.early;
      this.early = undefined;
      let wait: Promise<void> | undefined;
      try {
        wait = early ? this.feed(early) : undefined;
      } catch (error) {
        return this.fail(error);
      }
      if (wait) this.hold(wait);
      else if (this.phase === 'done') this.complete();
      else this.socket.resume();
    });
  }

  destroy(error?: Error): void {
    this.fail(error ?? new Error('The export was closed'));
  }

  /** Bytes of one read: valid until this returns (or, when the reader makes us wait, until the socket resumes). */
  private received(data: Buffer): boolean {
    if (this.failure || this.phase === 'done') return true;
    let wait: Promise<void> | undefined;
    try {
      wait = this.feed(data);
    } catch (error) {
      this.fail(error);
      return false;
    }
    if (wait) this.hold(wait);
    return !wait;
  }

  private hold(wait: Promise<void>): void {
    this.waiting = true;
    this.socket.pause();
    wait.then(
      () => {
        this.waiting = false;
        if (this.phase === 'done') this.complete();
        else if (!this.failure) this.socket.resume();
      },
      (error) => this.fail(error),
    );
  }

  /** Reads `data` from `offset`; a promise when the reader asked to wait (the rest is read after it). */
  private feed(data: Buffer, offset = 0): Promise<void> | undefined {
    while (offset < data.length && !this.failure) {
      switch (this.phase) {
        case 'head': {
          offset = this.readHead(data, offset);
          if (this.phase !== 'head' && !this.isError()) {
            // The answer is here; whoever asked starts reading later. Keep what came with it (one copy, once).
            if (offset < data.length) this.early = Buffer.from(data.subarray(offset));
            this.socket.pause();
            this.answered = true;
            this.resolveAnswer(this);
            return undefined;
          }
          break;
        }
        case 'chunk-size':
        case 'chunk-end':
        case 'trailer':
          offset = this.readLine(data, offset);
          break;
        case 'chunk-data':
        case 'body': {
          const left = this.phase === 'chunk-data' ? this.chunkLeft : this.framing.kind === 'length' ? this.framing.left : Infinity;
          const n = Math.min(left, data.length - offset);
          const piece = data.subarray(offset, offset + n);
          offset += n;
          if (this.phase === 'chunk-data') {
            this.chunkLeft -= n;
            if (this.chunkLeft === 0) this.phase = 'chunk-end';
          } else if (this.framing.kind === 'length') {
            this.framing.left -= n;
            if (this.framing.left === 0) this.phase = 'done';
          }
          if (this.isError()) {
            this.keepErrorBody(piece);
            break;
          }
          const wait = this.onChunk!(piece);
          if (wait) return wait.then(() => this.feed(data, offset));
          break;
        }
        case 'done':
          offset = data.length;
          break;
      }
    }
    if (this.phase === 'done' && this.isError()) this.errorAnswer();
    else if (this.phase === 'done' && !this.waiting && this.finish) queueMicrotask(() => this.complete());
    return undefined;
  }

  private isError(): boolean {
    return this.statusCode < 200 || this.statusCode >= 300;
  }

  private keepErrorBody(piece: Buffer): void {
    const n = Math.min(piece.length, MAX_ERROR_BODY_BYTES - this.errorBodyLength);
    if (n <= 0) return;
    this.errorBody.push(Buffer.from(piece.subarray(0, n)));
    this.errorBodyLength += n;
  }

  /** Gathers the status line and headers; sets the phase that reads the body. Returns the offset after them. */
  private readHead(data: Buffer, offset: number): number {
    const before = this.head.length;
    const joined = before ? Buffer.concat([this.head, data.subarray(offset, offset + MAX_HEAD_BYTES)]) : data.subarray(offset);
    const end = joined.indexOf('\r\n\r\n', Math.max(0, before - 3), 'latin1');
    if (end === -1) {
      if (joined.length >= MAX_HEAD_BYTES) throw new Error('The engine answered with an oversized HTTP head');
      this.head = Buffer.from(joined);
      return data.length;
    }
    const consumed = offset + end + 4 - before;
    this.head = Buffer.alloc(0);
    const [statusLine, ...headerLines] = joined.toString('latin1', 0, end).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!status) throw new Error(`The engine answered with something that is not HTTP: ${JSON.stringify(statusLine.slice(0, 80))}`);
    this.statusCode = Number(status[1]);
    if (this.statusCode >= 100 && this.statusCode < 200) return consumed; // an interim answer: the real one follows
    const headers = new Map<string, string>();
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    if (/\bchunked\b/i.test(headers.get('transfer-encoding') ?? '')) this.framing = { kind: 'chunked' };
    else if (headers.has('content-length')) this.framing = { kind: 'length', left: Number(headers.get('content-length')) };
    else this.framing = { kind: 'close' };
    if (this.framing.kind === 'length' && !(this.framing.left >= 0)) throw new Error('The engine answered with a bad Content-Length');
    this.phase =
      this.framing.kind === 'chunked' ? 'chunk-size' : this.framing.kind === 'length' && this.framing.left === 0 ? 'done' : 'body';
    return consumed;
  }

  /** Chunk framing: `<hex size>[;ext]\r\n`, `\r\n` after the data, trailers up to an empty line. */
  private readLine(data: Buffer, offset: number): number {
    const newline = data.indexOf(10, offset);
    // The usual case, a whole line within this read (docker 28 sends a chunk per 512-byte tar header): no strings.
    if (this.line === '' && newline !== -1 && this.phase !== 'trailer') {
      const end = newline > offset && data[newline - 1] === 13 ? newline - 1 : newline;
      if (this.phase === 'chunk-end') {
        if (end !== offset) throw new Error('The engine sent a malformed chunked body');
        this.phase = 'chunk-size';
      } else {
        this.chunkSize(hexValue(data, offset, end));
      }
      return newline + 1;
    }
    const stop = newline === -1 ? data.length : newline + 1;
    this.line += data.toString('latin1', offset, stop);
    if (this.line.length > 4096) throw new Error('The engine sent a malformed chunked body');
    if (newline === -1) return stop;
    const line = Buffer.from(this.line.replace(/\r?\n$/, ''), 'latin1');
    this.line = '';
    if (this.phase === 'chunk-end') {
      if (line.length) throw new Error('The engine sent a malformed chunked body');
      this.phase = 'chunk-size';
    } else if (this.phase === 'trailer') {
      if (!line.length) this.phase = 'done';
    } else {
      this.chunkSize(hexValue(line, 0, line.length));
    }
    return stop;
  }

  private chunkSize(size: number): void {
    if (Number.isNaN(size)) throw new Error('The engine sent a malformed chunked body');
    this.chunkLeft = size;
    this.phase = size === 0 ? 'trailer' : 'chunk-data';
  }

  private errorAnswer(): void {
    const body = Buffer.concat(this.errorBody).toString('utf8');
    let json: { message?: string } | undefined;
    try {
      json = JSON.parse(body) as { message?: string };
    } catch {
      json = undefined;
    }
    this.fail(new EngineAnswerError(this.statusCode, json, body));
  }

  /** The connection ended: the end of an error answer or of a close-delimited body, else a cut. */
  private ended(): void {
    if (this.failure || this.phase === 'done') return;
    if (this.phase === 'body' && this.framing.kind === 'close') {
      // The socket is paused while the reader works, so its end is only seen after the last bytes were read.
      this.phase = 'done';
      if (this.isError()) this.errorAnswer();
      else this.complete();
      return;
    }
    if (this.isError() && this.phase !== 'head') return this.errorAnswer();
    this.fail(
      this.answered
        ? new Error('The stream closed early (premature close)')
        : Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    );
  }

  private complete(): void {
    // Before forEach started, it finds the phase done (and the early bytes) itself.
    if (this.failure || !this.finish) return;
    this.socket.destroy();
    const finish = this.finish;
    this.finish = undefined;
    finish.resolve();
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error;
    this.socket.destroy();
    if (!this.answered) {
      this.answered = true;
      this.rejectAnswer(error);
    }
    const finish = this.finish;
    this.finish = undefined;
    finish?.reject(error);
  }
}

/** The hex number a chunk-size line starts with (extensions after `;` ignored); NaN without one, or past 2^52. */
function hexValue(bytes: Buffer, start: number, end: number): number {
  let value = 0;
  let i = start;
  for (; i < end; i++) {
    const c = bytes[i];
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) break;
    if (i - start === 13) return NaN;
    value = value * 16 + digit;
  }
  return i === start ? NaN : value;
}
