// Every request to the engine stays on the engine. docker-modem follows 3xx redirects wherever their Location
// points (its own copy of an old follow-redirects), with a request that has no error handler: a path the engine
// "cleans" into a redirect would reach another host, and an unresolvable one would crash the process with an
// unhandled 'error' event. So redirects are switched off, and paths the engine would redirect are refused here.
import type Dockerode from 'dockerode';

export class UnsafeEnginePathError extends Error {
  constructor(readonly path: string) {
    super(
      `Refused to send the Engine API request ${JSON.stringify(path.length > 120 ? path.slice(0, 120) + '…' : path)}: its path has "." / ".." / empty segments, which the engine would redirect elsewhere`,
    );
  }
}

/** Whether the engine would take `path` as it is (it decodes, then redirects to the cleaned path otherwise). */
export function isCleanEnginePath(path: string): boolean {
  const pathOnly = path.split('?')[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return false;
  }
  if (!decoded.startsWith('/')) return false;
  const segments = decoded.slice(1).split('/');
  return segments.every((segment, i) => segment !== '.' && segment !== '..' && (segment !== '' || i === segments.length - 1));
}

const guarded = new WeakSet<object>();

/** Makes this client refuse, before connecting, any request whose path the engine would redirect. */
export function guardEngineRequests(docker: Dockerode): Dockerode {
  const modem = (
    docker as unknown as { modem: { dial(options: { path: string }, callback: (error: unknown, result?: unknown) => void): void } }
  ).modem;
  if (guarded.has(modem)) return docker;
  guarded.add(modem);
  // Read by docker-modem on every request: with 0 the first redirect fails the request instead of being followed.
  // Set with the first client (which has loaded docker-modem already), not when this module loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('docker-modem/lib/http') as { maxRedirects: number }).maxRedirects = 0;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    if (!isCleanEnginePath(options.path)) {
      callback(new UnsafeEnginePathError(options.path));
      return;
    }
    dial(options, callback);
  };
  return docker;
}
