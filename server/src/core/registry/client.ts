// A small client for the OCI distribution API: GET with the registry's auth dance (Basic, or a Bearer token from
// the realm a WWW-Authenticate challenge names), redirects (blob storage; credentials never follow to another
// host), HTTPS with the system's CAs, and plain HTTP only for loopback hosts or when the user said --insecure.
// Node's own http/https: responses are streams, so layers pass through without being held in memory.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { credentialsFor, BasicCredentials } from './credentials';
import { isLoopbackHost } from './reference';
import { describeSilence, streamIdleMs } from '../engine/streamIdle';

export class RegistryError extends Error {}

export interface RegistryClientOptions {
  /** Allow plain HTTP and unverified certificates for a non-loopback host. */
  insecure?: boolean;
  idleTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const MAX_REDIRECTS = 5;
/** Where distributions keep the system's CA bundle (SSL_CERT_FILE first, as OpenSSL does). */
const CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

let systemCas: string[] | undefined;
function systemCertificates(env: NodeJS.ProcessEnv): string[] {
  if (systemCas) return systemCas;
  const files = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE, ...CA_BUNDLES] : CA_BUNDLES;
  for (const file of files) {
    try {
      systemCas = [...tls.rootCertificates, fs.readFileSync(file, 'utf8')];
      return systemCas;
    } catch {
      // Not this distribution's layout.
    }
  }
  systemCas = [...tls.rootCertificates];
  return systemCas;
}

/** `Bearer realm="…",service="…",scope="…"` → its scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([a-zA-Z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const match of (space === -1 ? '' : header.slice(space + 1)).matchAll(pattern)) {
    params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
  }
  return { scheme, params };
}

async function readBody(response: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      response.destroy();
      throw new RegistryError(`The registry's answer is larger than ${limit} bytes: not a manifest or token.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export class RegistryClient {
  private scheme: 'https:' | 'http:' | undefined;
  private authorization: string | undefined;
  private credentials: BasicCredentials | undefined | null = null;
  private readonly idleMs: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly host: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    this.idleMs = streamIdleMs(options.idleTimeoutMs);
    this.env = options.env ?? process.env;
  }

  private get plainHttpAllowed(): boolean {
    return this.options.insecure === true || isLoopbackHost(this.host);
  }

  private send(url: URL, headers: Record<string, string>): Promise<IncomingMessage> {
    const secure = url.protocol === 'https:';
    const agentOptions: https.RequestOptions = secure
      ? { ca: systemCertificates(this.env), rejectUnauthorized: !this.options.insecure }
      : {};
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(url, { method: 'GET', headers, ...agentOptions }, resolve);
      // Silence, not slowness, is the failure: the limit restarts with every packet.
      request.setTimeout(this.idleMs, () =>
        request.destroy(new RegistryError(`The registry ${this.host} sent nothing for ${describeSilence(this.idleMs)}.`)),
      );
      request.on('error', reject);
      request.end();
    });
  }

  /** HTTPS first; plain HTTP only when allowed and the TLS handshake failed the way a plain server makes it fail. */
  private async chooseScheme(): Promise<void> {
    if (this.scheme) return;
    try {
      const response = await this.send(new URL(`https://${this.host}/v2/`), {});
      response.resume();
      this.scheme = 'https:';
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const plainServer =
        e.code === 'EPROTO' || e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|ECONNRESET/i.test(e.message);
      if (this.plainHttpAllowed && (plainServer || e.code === 'ECONNRESET')) {
        this.scheme = 'http:';
        return;
      }
      throw this.unreachable(error);
    }
  }

  private unreachable(error: unknown): RegistryError {
    if (error instanceof RegistryError) return error;
    const e = error as NodeJS.ErrnoException;
    const hint =
      /certificate|self.signed|unable to verify/i.test(e.message ?? '') && !this.options.insecure
        ? ' (a certificate the system does not trust: add its CA to the system store, or pass --insecure)'
        : '';
    return new RegistryError(`Cannot reach the registry ${this.host}: ${e.message ?? String(error)}${hint}`);
  }

  private async authenticate(challengeHeader: string | undefined, scope: string): Promise<boolean> {
    if (!challengeHeader) return false;
    if (this.credentials === null) this.credentials = await credentialsFor(this.host, this.env);
    const creds = this.credentials;
    const basic = creds ? 'Basic ' + Buffer.from(`${creds.username}:${creds.password}`).toString('base64') : undefined;
    const { scheme, params } = parseChallenge(challengeHeader);
    if (scheme === 'basic') {
      if (!basic || this.authorization === basic) return false;
      this.authorization = basic;
      return true;
    }
    if (scheme !== 'bearer' || !params.realm) return false;
    const realm = new URL(params.realm);
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && this.plainHttpAllowed))
      throw new RegistryError(`The registry ${this.host} sends its token realm over plain HTTP (${realm.origin}): refused.`);
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', params.scope ?? scope);
    const response = await this.send(realm, basic ? { Authorization: basic } : {});
    const body = await readBody(response, 1024 * 1024);
    if (response.statusCode !== 200) {
      throw new RegistryError(
        `The registry ${this.host} refused a token (${response.statusCode})${creds ? ' for the credentials in the docker config' : ' to an anonymous client: docker login first'}.`,
      );
    }
    const answer = JSON.parse(body.toString('utf8')) as { token?: string; access_token?: string };
    const token = answer.token ?? answer.access_token;
    if (!token) throw new RegistryError(`The registry ${this.host}'s token service answered without a token.`);
    this.authorization = `Bearer ${token}`;
    return true;
  }

  /** GET `/v2/<path>`; resolves with a 2xx response (the caller reads or streams it), throws a RegistryError otherwise. */
  async get(path: string, accept: string[], scope: string): Promise<IncomingMessage> {
    await this.chooseScheme();
    let url = new URL(`${this.scheme}//${this.host}/v2/${path}`);
    let retriedAuth = false;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const sameHost = url.host === new URL(`${this.scheme}//${this.host}`).host;
      const headers: Record<string, string> = { Accept: accept.join(', ') };
      if (sameHost && this.authorization) headers.Authorization = this.authorization;
      let response: IncomingMessage;
      try {
        response = await this.send(url, headers);
      } catch (error) {
        throw this.unreachable(error);
      }
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) return response;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        url = new URL(response.headers.location, url);
        if (url.protocol === 'http:' && !this.plainHttpAllowed)
          throw new RegistryError(`The registry ${this.host} redirects to plain HTTP (${url.origin}): refused without --insecure.`);
        continue;
      }
      const body = (await readBody(response, 64 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
      if (status === 401 && sameHost && !retriedAuth) {
        retriedAuth = true;
        if (await this.authenticate(response.headers['www-authenticate'], scope)) {
          hop--;
          continue;
        }
      }
      throw new RegistryError(this.describeStatus(status, path, body));
    }
    throw new RegistryError(`The registry ${this.host} redirected more than ${MAX_REDIRECTS} times.`);
  }

  private describeStatus(status: number, path: string, body: string): string {
    let detail = '';
    try {
      const errors = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
      detail = errors.map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
    } catch {
      detail = body.slice(0, 200).trim();
    }
    const what =
      status === 401
        ? this.credentials
          ? 'the credentials from the docker config were refused'
          : 'authentication required: docker login to it first'
        : status === 403
          ? 'access denied'
          : status === 404
            ? 'not found'
            : `HTTP ${status}`;
    return `The registry ${this.host} answered ${status} for /v2/${path}: ${what}${detail ? ` (${detail})` : ''}.`;
  }

  /** A small JSON document (manifest), with its media type. */
  async getJson(path: string, accept: string[], scope: string, limit = 4 * 1024 * 1024): Promise<{ body: Buffer; mediaType?: string }> {
    const response = await this.get(path, accept, scope);
    const body = await readBody(response, limit);
    const mediaType = response.headers['content-type']?.split(';')[0].trim();
    return { body, mediaType };
  }
}
