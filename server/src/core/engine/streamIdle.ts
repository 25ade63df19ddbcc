// Idle timeouts for the engine's long streams (an image export, the event stream): a frozen engine keeps the
// connection open and sends nothing, and without a limit `layerwise analyze` would wait forever. Only silence
// counts: a stream paused because its reader is busy is not idle.

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
 * Calls `onIdle` once nothing has arrived for `ms` while the reader waits for bytes; time the reader spends busy
 * (`isBusy`: a stream paused by back-pressure, a layer still inflating) is not silence. `arrived` is called on every
 * piece and only notes the time (thousands of pieces a second would otherwise each reset a timer); `stop` ends it.
 */
export function watchSilence(ms: number, isBusy: () => boolean, onIdle: () => void): { arrived: () => void; stop: () => void } {
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const quiet = performance.now() - last;
    if (isBusy() || quiet < ms) timer = setTimeout(check, isBusy() ? ms : ms - quiet);
    else onIdle();
  };
  timer = setTimeout(check, ms);
  return {
    arrived: () => {
      last = performance.now();
    },
    stop: () => clearTimeout(timer),
  };
}
