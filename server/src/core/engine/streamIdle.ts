// Idle timeouts for the engine's long streams (an image export, the event stream): a frozen engine keeps the
// connection open and sends nothing, and without a limit `layerwise analyze` would wait forever. Only silence
// counts: a stream paused because its reader is busy is not idle.
import type { Readable } from 'node:stream';

/** Silence after which an engine stream is given up. Override with LAYERWISE_ENGINE_IDLE_TIMEOUT_MS. */
export const DEFAULT_STREAM_IDLE_MS = 60_000;

/** The idle limit in ms: an explicit option, else LAYERWISE_ENGINE_IDLE_TIMEOUT_MS, else the default. */
export function streamIdleMs(option?: number, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined && option > 0) return option;
  const fromEnv = Number(env.LAYERWISE_ENGINE_IDLE_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_STREAM_IDLE_MS;
}

export function describeSilence(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/**
 * Calls `onIdle` when `stream` delivers nothing for `ms` while its reader waits for data. Attach it after the stream
 * is piped (a 'data' listener on an unpiped stream would start it flowing). Returns a function that stops watching.
 */
export function watchIdle(stream: Readable, ms: number, onIdle: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Paused by back-pressure: the reader is slow, the engine is not silent. Look again later.
      if (stream.isPaused() || stream.readableFlowing === false) {
        arm();
        return;
      }
      stop();
      onIdle();
    }, ms);
  };
  const stop = () => {
    clearTimeout(timer);
    stream.off('data', arm);
    stream.off('close', stop);
    stream.off('end', stop);
  };
  stream.on('data', arm);
  stream.once('close', stop);
  stream.once('end', stop);
  arm();
  return stop;
}
