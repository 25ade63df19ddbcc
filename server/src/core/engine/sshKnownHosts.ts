// Host key checking for ssh:// engines, as `ssh` does it: the key the server presents must be listed for that
// host in ~/.ssh/known_hosts (plain or hashed `|1|salt|hash` names, `[host]:port` for other ports). ssh2 checks
// nothing by default, so without this any machine answering on that address would get our requests.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function nameMatches(field: string, name: string): boolean {
  return field.split(',').some((entry) => {
    if (entry.startsWith('|1|')) {
      const [, , salt, hash] = entry.split('|');
      if (!salt || !hash) return false;
      return crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
    }
    return entry === name;
  });
}

/** Public key blobs (base64) known_hosts lists for host:port. */
export function knownHostKeys(knownHostsText: string, host: string, port: number): string[] {
  const name = hostPattern(host, port);
  const keys: string[] = [];
  for (const raw of knownHostsText.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    if (fields[0].startsWith('@')) {
      if (fields[0] === '@revoked') continue; // a revoked key never verifies
      fields.shift();
    }
    if (fields.length >= 3 && nameMatches(fields[0], name)) keys.push(fields[2]);
  }
  return keys;
}

/** A verifier for ssh2's `hostVerifier` (called with the raw key blob), reading ~/.ssh/known_hosts once. */
export function knownHostsVerifier(homeDir: string, host: string, port: number): (key: Buffer) => boolean {
  let text = '';
  try {
    text = fs.readFileSync(path.join(homeDir, '.ssh', 'known_hosts'), 'utf8');
  } catch {
    /* none: nothing is trusted */
  }
  const keys = new Set(knownHostKeys(text, host, port));
  return (key) => keys.has(key.toString('base64'));
}
