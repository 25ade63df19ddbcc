// `layerwise analyze IMAGE` on an engine behind a plain socket sends its export request from this small bundle,
// before the command's own (1.5 MB, ~50 ms to load on a busy machine) is read: the engine prepares the archive
// meanwhile (Docker 20.10 writes the whole image to a folder before its first byte), so that time is not added
// to the analysis (docs/performance.md, analysis against the curl floor). The command takes the request over
// when it resolves the same engine and image; anything else gives it up.
import { dockerodeOptions, resolveEndpoint, type EngineEndpoint } from '../core/engine/connection';
import { startImageExport, type StartedExport } from '../core/engine/imageExport';
import { checkImageReference } from '../core/engine/imageReference';
import { isRegistryReference } from '../core/registry/reference';
import { parseArgs } from './usage';

/** `analyze`'s options that take a value, and those that do not (analyze.ts parses with the same lists). */
export const ANALYZE_VALUE_FLAGS = ['dockerfile', 'format', 'min-efficiency', 'max-wasted', 'archive', 'base-layers', 'host', 'platform'];
export const ANALYZE_SWITCHES = ['insecure'];

interface EarlyExport {
  image: string;
  url: string;
  started: StartedExport;
}

/** Shared between the bundles of one process (each has its own copy of this module). */
const EARLY_EXPORT = Symbol.for('layerwise.earlyExport');
type WithEarlyExport = { [EARLY_EXPORT]?: EarlyExport };

/** Whether the export of `image` from `endpoint` can be read off the socket without the engine client. */
export function exportsOverPlainSocket(endpoint: EngineEndpoint): boolean {
  return !endpoint.tls && /^(unix|tcp|http):\/\//i.test(endpoint.url);
}

/**
 * Sends the export request for `analyze`'s arguments when they name one engine image on a plain socket. Resolves
 * one turn of the event loop later when it did: a local socket is connected by then and the request written, before
 * the command's bundle blocks the loop while it loads (~35 ms that the engine would otherwise wait for).
 */
export function sendEarlyExport(argv: string[]): Promise<void> {
  try {
    const args = parseArgs(argv, ANALYZE_VALUE_FLAGS, ANALYZE_SWITCHES);
    const [image, ...extra] = args.positionals;
    if (!image || extra.length || args.flags.has('archive') || isRegistryReference(image)) return Promise.resolve();
    checkImageReference(image);
    const endpoint = resolveEndpoint({ hostSetting: args.flags.get('host')?.at(-1) });
    if (!exportsOverPlainSocket(endpoint)) return Promise.resolve();
    const started = startImageExport(dockerodeOptions(endpoint), image);
    if (!started) return Promise.resolve();
    (globalThis as WithEarlyExport)[EARLY_EXPORT] = { image, url: endpoint.url, started };
    return new Promise((resolve) => setImmediate(resolve));
  } catch {
    // Bad arguments or configuration: the command itself says what is wrong.
    return Promise.resolve();
  }
}

/** The request sent early for this image and engine, taken over by the caller; any other is given up. */
export function takeEarlyExport(image: string, endpoint: EngineEndpoint): StartedExport | undefined {
  const early = (globalThis as WithEarlyExport)[EARLY_EXPORT];
  delete (globalThis as WithEarlyExport)[EARLY_EXPORT];
  if (!early) return undefined;
  if (early.image === image && early.url === endpoint.url) return early.started;
  early.started.giveUp();
  return undefined;
}

/** Closes a request nobody took over (the command failed before it got there), so the process can end. */
export function giveUpEarlyExport(): void {
  (globalThis as WithEarlyExport)[EARLY_EXPORT]?.started.giveUp();
  delete (globalThis as WithEarlyExport)[EARLY_EXPORT];
}
