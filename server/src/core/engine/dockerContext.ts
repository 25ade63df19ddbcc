// Reads the Docker CLI's context store the way `docker context use` leaves it: the current context name comes
// from DOCKER_CONTEXT or ~/.docker/config.json `currentContext`; its endpoint from
// ~/.docker/contexts/meta/<sha256(name)>/meta.json and its TLS files from ~/.docker/contexts/tls/<sha256(name)>/docker/.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DockerContextEndpoint {
  name: string;
  host: string;
  skipTLSVerify: boolean;
  /** Files present under the context's TLS folder (ca.pem, cert.pem, key.pem). */
  tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
}

/** Docker's config folder: $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  return env.DOCKER_CONFIG || path.join(homeDir, '.docker');
}

/** The context the docker CLI would use, or undefined for "default" (which means DOCKER_HOST / the socket). */
export function currentContextName(env: NodeJS.ProcessEnv, homeDir: string): string | undefined {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT === 'default' ? undefined : env.DOCKER_CONTEXT;
  const configPath = path.join(dockerConfigDir(env, homeDir), 'config.json');
  let config: { currentContext?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  } catch {
    return undefined; // no config (or unreadable): the CLI falls back to the default context too
  }
  const name = typeof config.currentContext === 'string' ? config.currentContext : undefined;
  return name && name !== 'default' ? name : undefined;
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The docker endpoint of a named context; throws a readable error when the store lacks it. */
export function readContextEndpoint(name: string, env: NodeJS.ProcessEnv, homeDir: string): DockerContextEndpoint {
  const id = crypto.createHash('sha256').update(name).digest('hex');
  const root = path.join(dockerConfigDir(env, homeDir), 'contexts');
  const metaPath = path.join(root, 'meta', id, 'meta.json');
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  } catch (error) {
    throw new Error(`Docker context "${name}" not found (${metaPath}: ${(error as Error).message})`);
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) throw new Error(`Docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(root, 'tls', id, 'docker');
  return {
    name,
    host: docker.Host,
    skipTLSVerify: docker.SkipTLSVerify === true,
    tls: {
      ca: readIfExists(path.join(tlsDir, 'ca.pem')),
      cert: readIfExists(path.join(tlsDir, 'cert.pem')),
      key: readIfExists(path.join(tlsDir, 'key.pem')),
    },
  };
}
