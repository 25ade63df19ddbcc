// Follows the engine's image events (`GET /events?filters={"type":["image"]}`) as one long-lived stream — no
// polling. When the stream ends or cannot be opened, it reports the engine unreachable and reconnects with
// exponential back-off; when it is back, it reports reachable again (consumers refresh then: events that
// happened while away are not replayed).
import type Dockerode from 'dockerode';
import type { EngineEndpoint } from './connection';
import { classifyEngineError, withTimeout, type EngineFailure } from './engineErrors';
import { describeSilence, streamIdleMs } from './streamIdle';

export interface ImageEvent {
  /** tag, untag, delete, load, import, pull, push, save, prune… (BuildKit and classic builds end in `tag`). */
  action: string;
  /** The image id (or, for tag/untag, the id the name points to). */
  id: string;
  /** `name` attribute: the reference that was tagged/pulled, when the engine gives one. */
  name?: string;
  /** Engine time in milliseconds. */
  timeMs: number;
  /** When this process received it (ms since epoch), for latency measurements. */
  receivedMs: number;
}

export interface ImageEventWatcherOptions {
  /** A client without a request timeout (EngineConnection.streaming). */
  docker: Dockerode;
  endpoint: EngineEndpoint;
  onEvent(event: ImageEvent): void;
  /** Called on every change of reachability (and once after the first attempt). */
  onReachability?(reachable: boolean, failure?: EngineFailure): void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** After this much silence the engine is pinged; no answer ends the stream (default: streamIdleMs()). */
  idleTimeoutMs?: number;
}

export interface ImageEventWatcher {
  readonly reachable: boolean | undefined;
  /** Reconnect now instead of waiting for the back-off (the "Retry" lens). */
  retryNow(): void;
  dispose(): void;
}

/**
 * TCP keepalive on the event stream's socket: the stream is quiet for hours, and an engine host that vanishes
 * without closing the connection (powered off, network gone) would otherwise leave it open forever and the
 * lenses "connected". With probes after a minute of silence the kernel fails the socket and we reconnect.
 * A no-op on unix sockets and named pipes.
 */
const KEEPALIVE_AFTER_MS = 60_000;

function keepAlive(stream: NodeJS.ReadableStream): void {
  const socket = (stream as { socket?: { setKeepAlive?: (enable: boolean, delayMs: number) => unknown } }).socket;
  socket?.setKeepAlive?.(true, KEEPALIVE_AFTER_MS);
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** Splits a byte stream into JSON objects: the engine writes one per line, but chunks can split or join them. */
export function jsonLineSplitter(onObject: (value: unknown) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (!line) continue;
      try {
        onObject(JSON.parse(line));
      } catch {
        /* a malformed line is skipped, the stream goes on */
      }
    }
  };
}

export function toImageEvent(raw: RawEvent, receivedMs = Date.now()): ImageEvent | undefined {
  if (raw.Type && raw.Type !== 'image') return undefined;
  const action = raw.Action ?? raw.status;
  // Podman announces a build (it sends no `tag` for it) with an empty Actor.ID and the new image's id as `name`.
  const built = action === 'build' && !raw.Actor?.ID ? raw.Actor?.Attributes?.name : undefined;
  const id = raw.Actor?.ID || raw.id || built;
  if (!action || !id) return undefined;
  const timeMs = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
  return { action, id, name: built ? undefined : raw.Actor?.Attributes?.name, timeMs, receivedMs };
}

export function watchImageEvents(options: ImageEventWatcherOptions): ImageEventWatcher {
  const initial = options.initialBackoffMs ?? 250;
  const max = options.maxBackoffMs ?? 15_000;
  let backoff = initial;
  let reachable: boolean | undefined;
  let disposed = false;
  let timer: NodeJS.Timeout | undefined;
  let stream: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  let connecting = false;

  let lastFailure: string | undefined;
  const report = (value: boolean, failure?: EngineFailure) => {
    // While down, a new reason is news too: a stream cut off ("aborted") is followed by why reconnecting fails
    // (no socket, connection refused), and that is what the status bar must say.
    if (reachable === value && (value || failure?.message === lastFailure)) return;
    reachable = value;
    lastFailure = failure?.message;
    options.onReachability?.(value, failure);
  };

  const scheduleReconnect = (failure?: EngineFailure) => {
    stream = undefined;
    if (disposed) return;
    report(false, failure);
    clearTimeout(timer);
    timer = setTimeout(connect, backoff);
    backoff = Math.min(max, backoff * 2);
  };

  async function connect(): Promise<void> {
    if (disposed || connecting || stream) return;
    connecting = true;
    try {
      const opened = (await options.docker.getEvents({ filters: { type: ['image'] } })) as NodeJS.ReadableStream & { destroy?: () => void };
      connecting = false;
      if (disposed) {
        opened.destroy?.();
        return;
      }
      stream = opened;
      backoff = initial;
      keepAlive(opened);
      report(true);
      const split = jsonLineSplitter((value) => {
        const event = toImageEvent(value as RawEvent);
        if (event) options.onEvent(event);
      });
      opened.on('data', split);
      let ended = false;
      const onEnd = (error?: unknown) => {
        if (ended || stream !== opened) return;
        ended = true;
        scheduleReconnect(
          error
            ? classifyEngineError(error, options.endpoint)
            : { kind: 'unreachable', message: `Docker engine at ${options.endpoint.url} closed the event stream.`, detail: 'stream ended' },
        );
      };
      opened.on('end', () => onEnd());
      opened.on('close', () => onEnd());
      opened.on('error', (error) => onEnd(error));
      watchSilence(opened);
    } catch (error) {
      connecting = false;
      scheduleReconnect(classifyEngineError(error, options.endpoint));
    }
  }

  /**
   * The event stream is quiet for hours, so silence alone proves nothing: after `idleMs` of it the engine is
   * pinged, and a frozen engine (no answer within the same limit) ends the stream, which reports it unreachable.
   */
  const idleMs = streamIdleMs(options.idleTimeoutMs);
  function watchSilence(opened: NodeJS.ReadableStream & { destroy?: (error?: Error) => void }): void {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (stream !== opened) return;
        withTimeout(options.docker.ping(), idleMs, 'Docker engine (ping)').then(
          () => {
            if (stream === opened) arm();
          },
          (error) => {
            if (stream !== opened) return;
            opened.destroy?.(new Error(`the event stream was silent for ${describeSilence(idleMs)} and ${(error as Error).message}`));
          },
        );
      }, idleMs);
      timer.unref?.();
    };
    opened.on('data', arm);
    opened.on('close', () => clearTimeout(timer));
    arm();
  }

  void connect();
  return {
    get reachable() {
      return reachable;
    },
    retryNow() {
      if (disposed || stream) return;
      clearTimeout(timer);
      backoff = initial;
      void connect();
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      const current = stream;
      stream = undefined;
      current?.destroy?.();
    },
  };
}
