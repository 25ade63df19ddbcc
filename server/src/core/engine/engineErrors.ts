// Engine failures as plain data with a message a user can act on (status bar, CLI, lens on line 1).
import type { EngineEndpoint } from './connection';

export type EngineFailureKind = 'unreachable' | 'permission' | 'tls' | 'host-key' | 'timeout' | 'not-found' | 'other';

export interface EngineFailure {
  kind: EngineFailureKind;
  message: string;
  /** The underlying error text, for logs. */
  detail: string;
}

export class EngineTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${ms} ms`);
  }
}

/** Rejects with EngineTimeoutError when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'Docker engine'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EngineTimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|EPROTO|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)|ERR_OSSL)/;
const UNREACHABLE_CODES = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'ENOTSOCK',
]);

export function classifyEngineError(error: unknown, endpoint: EngineEndpoint): EngineFailure {
  const err = error as { code?: string; statusCode?: number; message?: string; level?: string } | undefined;
  const detail = err?.message ?? String(error);
  const code = typeof err?.code === 'string' ? err.code : '';
  const where = endpoint.url;
  if (error instanceof EngineTimeoutError) {
    // Say which call stalled: "image history", "export"…
    return { kind: 'timeout', detail, message: `Docker engine at ${where} did not answer in time: ${detail}.` };
  }
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(detail)) {
    return { kind: 'timeout', detail, message: `Docker engine at ${where} did not answer in time.` };
  }
  if (/Host denied \(verification failed\)/.test(detail)) {
    return {
      kind: 'host-key',
      detail,
      message: `The SSH host key of ${where} is not in ~/.ssh/known_hosts (or it changed). Connect once with ssh to check and accept it.`,
    };
  }
  if (/All configured authentication methods failed/i.test(detail)) {
    return {
      kind: 'permission',
      detail,
      message: `SSH login to ${where} was refused: load your key into ssh-agent (ssh-add) or put it in ~/.ssh/id_ed25519.`,
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const socket = where.replace(/^unix:\/\//, '');
    if (/podman/i.test(socket)) {
      // Root's Podman socket: the docker group does not open it; a rootless Podman socket of one's own does.
      return {
        kind: 'permission',
        detail,
        message:
          `Permission denied on ${socket} (root's Podman). Use rootless Podman: systemctl --user enable --now podman.socket ` +
          '(it listens on /run/user/<uid>/podman/podman.sock, which Layerwise finds by itself).',
      };
    }
    return {
      kind: 'permission',
      detail,
      message:
        `Permission denied on ${socket}. Add your user to the "docker" group (sudo usermod -aG docker $USER, then log in again), ` +
        "or set layerwise.docker.host to a socket you can use, e.g. a rootless engine's unix:///run/user/<uid>/docker.sock.",
    };
  }
  if (TLS_CODES.test(code) || /certificate|ssl|tls|HTTP request to an HTTPS server|bad certificate/i.test(detail)) {
    return {
      kind: 'tls',
      detail,
      message: `TLS handshake with ${where} failed (${detail}). Check DOCKER_CERT_PATH / the context's ca.pem, cert.pem and key.pem, and DOCKER_TLS_VERIFY.`,
    };
  }
  if (err?.statusCode === 404) return { kind: 'not-found', detail, message: detail };
  if (
    UNREACHABLE_CODES.has(code) ||
    err?.level === 'client-socket' ||
    err?.level === 'client-authentication' ||
    /connect|socket hang up/i.test(detail)
  ) {
    return { kind: 'unreachable', detail, message: `Docker engine not reachable at ${where} (${detail}).` };
  }
  return { kind: 'other', detail, message: `Docker engine at ${where}: ${detail}` };
}
