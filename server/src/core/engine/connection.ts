// Finds the Docker engine the way the docker CLI does and opens a dockerode client for it:
// the `layerwise.docker.host` setting, then DOCKER_HOST (+ DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), then the current
// Docker context, then the default socket, then Podman's Docker-compatible socket.
import * as fs from 'node:fs';
import type * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { currentContextName, dockerConfigDir, readContextEndpoint } from './dockerContext';
import { withTimeout } from './engineErrors';
import { guardEngineRequests } from './engineRequests';
import { knownHostsVerifier } from './sshKnownHosts';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default' | 'podman';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  verify: boolean;
}

export interface EngineEndpoint {
  /** unix://<socket path>, tcp://host:2376, ssh://user@host… */
  url: string;
  source: EndpointSource;
  contextName?: string;
  tls?: TlsMaterial;
  /** Local sockets that exist but where nothing listens, skipped on the way to this one (stale sockets). */
  passedOver?: string[];
  /** ssh:// only: how to authenticate (ssh2 reads no ~/.ssh/config: the agent, else a default key file). */
  ssh?: { agent?: string; privateKey?: Buffer; homeDir: string };
}

export interface ResolveOptions {
  /** `layerwise.docker.host`; empty or undefined means "as the docker CLI would". */
  hostSetting?: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Injected for tests of the fallback order; defaults to fs.existsSync. */
  fileExists?: (file: string) => boolean;
  /** Unix sockets a process listens on; defaults to Linux's /proc/net/unix (undefined where that is unknown). */
  listeningSockets?: () => Set<string> | undefined;
  /** For tests: the default socket's path (normally Docker's own default) and the user id (normally this process's). */
  defaultSocket?: string;
  uid?: number;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** Rootless first (XDG_RUNTIME_DIR, which ssh, su and cron often leave unset: then /run/user/<uid>), then root's. */
export function podmanSockets(env: NodeJS.ProcessEnv, uid = process.getuid?.()): string[] {
  const sockets = ['/run/podman/podman.sock'];
  const runtimeDir = env.XDG_RUNTIME_DIR || (uid !== undefined ? `/run/user/${uid}` : undefined);
  if (runtimeDir) sockets.unshift(path.join(runtimeDir, 'podman', 'podman.sock'));
  return sockets;
}

/** Paths of listening unix sockets (flag __SO_ACCEPTCON in /proc/net/unix); undefined off Linux or when unreadable. */
export function listeningUnixSockets(): Set<string> | undefined {
  let table: string;
  try {
    table = fs.readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return undefined;
  }
  const paths = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    if (columns.length >= 8 && columns[3] === '00010000') paths.add(columns.slice(7).join(' '));
  }
  return paths;
}

/**
 * The local socket to use when nothing is configured: the first that exists, except that a socket file nobody
 * listens on (a stale /var/run/docker.sock after Docker was stopped or removed) does not hide a later live one.
 * Where listening cannot be known (not Linux; a socket bind-mounted from another network namespace), existence
 * decides, as the docker CLI does.
 */
function localEndpoint(options: ResolveOptions, env: NodeJS.ProcessEnv, exists: (file: string) => boolean): EngineEndpoint {
  const defaultSocket = options.defaultSocket ?? DEFAULT_SOCKET;
  const candidates = [
    { socket: defaultSocket, source: 'default' as const },
    ...podmanSockets(env, options.uid ?? process.getuid?.()).map((socket) => ({ socket, source: 'podman' as const })),
  ].filter((c) => exists(c.socket));
  if (candidates.length === 0) return { url: `unix://${defaultSocket}`, source: 'default' };
  const listening = (options.listeningSockets ?? listeningUnixSockets)();
  const isLive = (socket: string) => !!listening && (listening.has(socket) || listening.has(realPath(socket)));
  const live = candidates.find((c) => isLive(c.socket));
  if (!live) return { url: `unix://${candidates[0].socket}`, source: candidates[0].source };
  const passedOver = candidates.slice(0, candidates.indexOf(live)).map((c) => c.socket);
  return { url: `unix://${live.socket}`, source: live.source, ...(passedOver.length ? { passedOver } : {}) };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** TLS files from DOCKER_CERT_PATH (default ~/.docker) when DOCKER_TLS_VERIFY or DOCKER_TLS asks for TLS. */
function envTls(env: NodeJS.ProcessEnv, homeDir: string): TlsMaterial | undefined {
  const verify = !!env.DOCKER_TLS_VERIFY;
  if (!verify && !env.DOCKER_TLS) return undefined;
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir(env, homeDir);
  const read = (name: string) => {
    try {
      return fs.readFileSync(path.join(dir, name));
    } catch {
      return undefined;
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), verify };
}

/** The ssh-agent socket, else the first default identity file (as `ssh` would try them). */
function sshAuth(env: NodeJS.ProcessEnv, homeDir: string): EngineEndpoint['ssh'] {
  if (env.SSH_AUTH_SOCK) return { agent: env.SSH_AUTH_SOCK, homeDir };
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    try {
      return { privateKey: fs.readFileSync(path.join(homeDir, '.ssh', name)), homeDir };
    } catch {
      /* next */
    }
  }
  return { homeDir };
}

/** Which engine to talk to; throws an Error with a readable message when the configuration itself is broken. */
export function resolveEndpoint(options: ResolveOptions = {}): EngineEndpoint {
  const endpoint = resolveUrl(options);
  if (/^ssh:\/\//i.test(endpoint.url)) endpoint.ssh = sshAuth(options.env ?? process.env, options.homeDir ?? os.homedir());
  return endpoint;
}

function resolveUrl(options: ResolveOptions): EngineEndpoint {
  const env = options.env ?? process.env;
  const homeDir = options.homeDir ?? os.homedir();
  const exists = options.fileExists ?? fs.existsSync;
  const setting = options.hostSetting?.trim();
  if (setting) return { url: setting, source: 'setting', tls: isTcp(setting) ? envTls(env, homeDir) : undefined };
  if (env.DOCKER_HOST)
    return { url: env.DOCKER_HOST, source: 'DOCKER_HOST', tls: isTcp(env.DOCKER_HOST) ? envTls(env, homeDir) : undefined };
  const contextName = currentContextName(env, homeDir);
  if (contextName) {
    const context = readContextEndpoint(contextName, env, homeDir);
    const hasTls = !!(context.tls.ca || context.tls.cert);
    const tls = isTcp(context.host) && (hasTls || context.skipTLSVerify) ? { ...context.tls, verify: !context.skipTLSVerify } : undefined;
    return { url: context.host, source: 'context', contextName, tls };
  }
  return localEndpoint(options, env, exists);
}

function isTcp(url: string): boolean {
  return /^(tcp|https?):\/\//i.test(url);
}

/** For the status bar: "unix:///var/run/docker.sock (default)", "context remote (tcp://box:2376)". */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  switch (endpoint.source) {
    case 'context':
      return `context ${endpoint.contextName} (${endpoint.url})`;
    case 'setting':
      return `${endpoint.url} (layerwise.docker.host)`;
    default:
      return endpoint.passedOver?.length
        ? `${endpoint.url} (${endpoint.source}; nothing listens on ${endpoint.passedOver.join(', ')})`
        : `${endpoint.url} (${endpoint.source})`;
  }
}

/** dockerode options for an endpoint. `timeoutMs` cuts idle requests; leave it out for streams (events, builds). */
export function dockerodeOptions(endpoint: EngineEndpoint, timeoutMs?: number): Dockerode.DockerOptions {
  const url = endpoint.url;
  const common: Dockerode.DockerOptions = timeoutMs ? { timeout: timeoutMs } : {};
  (common as { connectionTimeout?: number }).connectionTimeout = timeoutMs ?? 10_000;
  const unix = /^unix:\/\/(.*)$/i.exec(url);
  if (unix) return { ...common, socketPath: unix[1] || DEFAULT_SOCKET };
  const npipe = /^npipe:\/\/(.*)$/i.exec(url);
  if (npipe) return { ...common, socketPath: npipe[1].replace(/\//g, '\\') || '\\\\.\\pipe\\docker_engine' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Docker host "${url}" is not a URL (expected unix://, tcp:// or ssh://)`);
  }
  if (parsed.protocol === 'ssh:') {
    // No `timeout` here: docker-modem would call setTimeout on the ssh2 channel, which has none. Our own
    // calls are bounded by withTimeout; the connection attempt by connectionTimeout.
    const port = Number(parsed.port || 22);
    const hostVerifier = knownHostsVerifier(endpoint.ssh?.homeDir ?? os.homedir(), parsed.hostname, port);
    return {
      connectionTimeout: timeoutMs ?? 10_000,
      protocol: 'ssh',
      host: parsed.hostname,
      port,
      username: decodeURIComponent(parsed.username) || os.userInfo().username,
      sshOptions: { agent: endpoint.ssh?.agent, privateKey: endpoint.ssh?.privateKey, readyTimeout: timeoutMs ?? 10_000, hostVerifier },
    } as Dockerode.DockerOptions;
  }
  if (!['tcp:', 'http:', 'https:'].includes(parsed.protocol)) {
    throw new Error(`Docker host "${url}" has an unsupported scheme ${parsed.protocol} (expected unix://, tcp:// or ssh://)`);
  }
  const tls = endpoint.tls ?? (parsed.protocol === 'https:' ? { verify: true } : undefined);
  const port = parsed.port || (tls ? '2376' : '2375');
  if (!tls) return { ...common, protocol: 'http', host: parsed.hostname, port };
  const options: Dockerode.DockerOptions = {
    ...common,
    protocol: 'https',
    host: parsed.hostname,
    port,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
  };
  // Skip-verify (DOCKER_TLS without VERIFY, or a context's SkipTLSVerify): docker-modem has no flag for it, an agent does.
  if (!tls.verify) {
    // Loaded here only: plain sockets never need https (nor its start-up cost).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Agent } = require('node:https') as typeof https;
    (options as { agent?: https.Agent }).agent = new Agent({ ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: false });
  }
  return options;
}

export interface EngineConnection {
  endpoint: EngineEndpoint;
  description: string;
  /** For request/response calls: every call is cut after `timeoutMs` of silence. */
  docker: Dockerode;
  /** For long streams (events, builds): only the connection attempt is bounded. */
  streaming: Dockerode;
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;

/** Whether the engine answers, bounded by the connection's timeout (rejects with the underlying error). */
export async function pingEngine(connection: EngineConnection): Promise<void> {
  await withTimeout(connection.docker.ping(), connection.timeoutMs, 'Docker engine (ping)');
}

/**
 * dockerode, loaded when the first client is made: loading it loads ssh2 too (docker-modem requires it up front),
 * which `layerwise analyze` would otherwise pay before its export request goes out.
 */
function dockerodeClass(): typeof Dockerode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('dockerode') as typeof Dockerode;
}

/** Resolve (unless given) and open the engine connection (no request is made yet: call `pingEngine`). */
export function openEngine(options: ResolveOptions & { timeoutMs?: number; endpoint?: EngineEndpoint } = {}): EngineConnection {
  const endpoint = options.endpoint ?? resolveEndpoint(options);
  const Dockerode = dockerodeClass();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    endpoint,
    description: describeEndpoint(endpoint),
    docker: guardEngineRequests(new Dockerode(dockerodeOptions(endpoint, timeoutMs))),
    streaming: guardEngineRequests(new Dockerode(dockerodeOptions(endpoint))),
    timeoutMs,
  };
}
