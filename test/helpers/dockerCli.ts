// The Docker client and engine every test, bench and verify script uses, found the way a contributor's machine has
// them (scripts/lib/common.sh does the same for the shell scripts):
//  - the client: $LAYERWISE_DOCKER, else the first `docker` on PATH that can build with BuildKit (one with the buildx
//    plugin, else a client older than 23 whose BuildKit is built in);
//  - the engine: the product's own resolution (DOCKER_HOST, the current context, the default socket, Podman).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveEndpoint, type EngineEndpoint } from '../../server/src/core/engine/connection';

/** Clients from 23 on need the buildx plugin for BuildKit; older ones have it built in. */
const FIRST_VERSION_WITHOUT_BUILTIN_BUILDKIT = 23;

let cachedCli: string | undefined;

/** Every executable named `docker` on PATH, in PATH order, each real file once (/bin and /usr/bin may be one). */
export function dockerClientsOnPath(searchPath = process.env.PATH ?? ''): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of searchPath.split(path.delimiter)) {
    const candidate = path.join(dir || '.', 'docker');
    try {
      if (!fs.statSync(candidate).isFile()) continue;
      fs.accessSync(candidate, fs.constants.X_OK);
      const real = fs.realpathSync(candidate);
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(candidate);
    } catch {
      /* not there or not executable */
    }
  }
  return found;
}

function succeeds(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000, env });
  } catch {
    return undefined;
  }
}

/** The client's major version from `docker --version` ("Docker version 20.10.24+dfsg1, build …"); needs no engine. */
function clientMajorVersion(file: string, env: NodeJS.ProcessEnv): number | undefined {
  const match = /version (\d+)\./i.exec(succeeds(file, ['--version'], env) ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The docker client to run (path), resolved once; throws a readable Error when there is none that builds with BuildKit. */
export function dockerCli(): string {
  cachedCli ??= findDockerCli();
  return cachedCli;
}

/** dockerCli()'s resolution, uncached: LAYERWISE_DOCKER, else a client on PATH with buildx, else one older than 23. */
export function findDockerCli(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.LAYERWISE_DOCKER?.trim();
  if (explicit) return explicit;
  const clients = dockerClientsOnPath(env.PATH ?? '');
  if (clients.length === 0) {
    throw new Error(
      'No `docker` client on PATH. Install one (or set LAYERWISE_DOCKER to its path); "sudo bash scripts/setup-test-env.sh" installs Debian\'s.',
    );
  }
  const withBuildx = clients.find((client) => succeeds(client, ['buildx', 'version'], env) !== undefined);
  const withBuiltinBuildkit = clients.find(
    (client) => (clientMajorVersion(client, env) ?? Infinity) < FIRST_VERSION_WITHOUT_BUILTIN_BUILDKIT,
  );
  const chosen = withBuildx ?? withBuiltinBuildkit;
  if (!chosen) {
    throw new Error(
      `No docker client on PATH can build with BuildKit (${clients.join(', ')}: no buildx plugin, version ${FIRST_VERSION_WITHOUT_BUILTIN_BUILDKIT} or newer). Install the buildx plugin or set LAYERWISE_DOCKER to a client that has it.`,
    );
  }
  return chosen;
}

/** The engine the product would talk to (DOCKER_HOST honoured), as a URL: unix://<socket>, tcp://host:2376… */
export function dockerHostUrl(): string {
  return engineEndpoint().url;
}

/** The engine's unix socket path, or undefined when the engine is reached over tcp:// or ssh://. */
export function engineSocketPath(): string | undefined {
  return /^unix:\/\/(.+)$/i.exec(dockerHostUrl())?.[1];
}

function engineEndpoint(): EngineEndpoint {
  return resolveEndpoint({ env: process.env });
}

let tlsDir: string | undefined;

/** curl reads TLS material from files: the endpoint's (from DOCKER_CERT_PATH or the context) written once to a temp dir. */
function curlTlsArgs(endpoint: EngineEndpoint): string[] {
  const tls = endpoint.tls;
  if (!tls) return [];
  tlsDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-curl-tls-'));
  const args: string[] = [];
  const write = (name: string, flag: string, content: Buffer | undefined) => {
    if (!content) return;
    const file = path.join(tlsDir as string, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    args.push(flag, file);
  };
  write('ca.pem', '--cacert', tls.ca);
  write('cert.pem', '--cert', tls.cert);
  write('key.pem', '--key', tls.key);
  if (!tls.verify) args.push('--insecure');
  return args;
}

/** Arguments for `curl` to GET `apiPath` (e.g. /images/x/history) from the resolved engine, over its unix socket or tcp. */
export function curlEngineArgs(apiPath: string): string[] {
  const endpoint = engineEndpoint();
  const suffix = apiPath.startsWith('/') ? apiPath : `/${apiPath}`;
  const unix = /^unix:\/\/(.+)$/i.exec(endpoint.url);
  if (unix) return ['-s', '--unix-socket', unix[1], `http://localhost${suffix}`];
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new Error(`Docker host "${endpoint.url}" is not a URL curl can reach`);
  }
  if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) {
    throw new Error(`curl cannot reach the engine at ${endpoint.url} (only unix:// and tcp:// engines); point DOCKER_HOST at one`);
  }
  const secure = !!endpoint.tls || url.protocol === 'https:';
  const port = url.port || (secure ? '2376' : '2375');
  return ['-s', ...curlTlsArgs(endpoint), `${secure ? 'https' : 'http'}://${url.hostname}:${port}${suffix}`];
}
