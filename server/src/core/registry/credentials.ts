// The user's registry credentials, read as the docker CLI stores them: `auths` in $DOCKER_CONFIG/config.json
// (~/.docker by default), or a credential helper (`credHelpers[host]`, else `credsStore`) run as
// `docker-credential-NAME get`. Nothing is cached on disk or sent anywhere but to the registry it belongs to.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface BasicCredentials {
  username: string;
  password: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

function readConfig(env: NodeJS.ProcessEnv): DockerConfig {
  const file = path.join(configDir(env), 'config.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {}; // No config: anonymous access.
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch {
    throw new Error(`${file} is not valid JSON: fix it or move it away to pull anonymously`);
  }
}

/** `auths` keys are written as `host`, `https://host` or `https://host/v1/`: all name the same registry. */
function hostOfKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

function fromAuths(config: DockerConfig, host: string): BasicCredentials | undefined {
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (hostOfKey(key) !== host || !entry) continue;
    if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  return undefined;
}

function runHelper(helper: string, host: string): Promise<BasicCredentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (error, stdout) => {
      // A helper that has nothing for this host exits non-zero: the request goes anonymously.
      if (error) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(answer.Secret ? { username: answer.Username ?? '', password: answer.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(host);
  });
}

export async function credentialsFor(host: string, env: NodeJS.ProcessEnv = process.env): Promise<BasicCredentials | undefined> {
  const config = readConfig(env);
  const helper = config.credHelpers?.[host] ?? config.credsStore;
  if (config.credHelpers?.[host]) return runHelper(config.credHelpers[host], host);
  const stored = fromAuths(config, host);
  if (stored) return stored;
  return helper ? runHelper(helper, host) : undefined;
}
