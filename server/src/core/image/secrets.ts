// Credential detection for image contents and metadata. Only decides *that* something looks like a
// secret and of what kind: callers report the path or variable name, never the value.
import type { HistoryEntry, SecretFinding } from '../../../../common/image/types';

/** How much of a candidate file the scanner reads to classify it. */
export const SECRET_HEAD_BYTES = 4096;

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
const KEY_FILE_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519']);

/** Whether a file at this path is worth reading the first few KB of. Cheap: called for every file. */
export function isSecretCandidatePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === '.npmrc' || base === '.git-credentials' || base === '.netrc' || base === '.pypirc') return true;
  if (base === '.env' || base.startsWith('.env.')) return true;
  if (KEY_FILE_NAMES.has(base) || base.endsWith('.pem') || base.endsWith('.key')) return true;
  if (base === 'credentials' && path.endsWith('.aws/credentials')) return true;
  if (base === 'config.json' && path.endsWith('.docker/config.json')) return true;
  return false;
}

/** The kind of secret a candidate file holds, judged from its first bytes; undefined when it holds none. */
export function classifySecretFile(path: string, head: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (PRIVATE_KEY.test(head)) return 'private key';
  if (base === '.npmrc') return /_authToken\s*=\s*\S|_auth\s*=\s*\S|_password\s*=\s*\S/.test(head) ? 'npm auth token' : undefined;
  if (base === '.git-credentials') return /\w+:\/\/[^\s:@/]+:[^\s@]+@/.test(head) ? 'git credentials' : undefined;
  if (base === '.netrc') return /\bpassword\s+\S/.test(head) ? 'netrc password' : undefined;
  if (base === '.pypirc') return /\bpassword\s*[=:]\s*\S/.test(head) ? 'PyPI password' : undefined;
  if (base === 'credentials') return /aws_secret_access_key\s*=\s*\S/i.test(head) ? 'AWS credentials' : undefined;
  if (base === 'config.json') return /"auths"\s*:\s*\{[^}]*"auth"\s*:\s*"[^"]+"/s.test(head) ? 'Docker registry credentials' : undefined;
  if (base === '.env' || base.startsWith('.env.')) return /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*\S/m.test(head) ? 'dotenv file' : undefined;
  return undefined;
}

// Names that say "credential". KEY alone is too broad (GPG_KEY holds a public fingerprint in official
// images), so it counts only as API/ACCESS/SECRET/PRIVATE key or a name ending in _KEY that is not public.
const SECRET_NAME = /(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH)(?:_|$)/i;
const NOT_SECRET_NAME = /(?:GPG|PGP|PUBLIC|PUB)_?KEY|_FILE$|_PATH$|_URL$|_DIR$|_ID$|KEY_?ID|_HOST$/i;

// Values that are credentials whatever the variable is called.
const SECRET_VALUES: [RegExp, string][] = [
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}\b/, 'GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'GitLab token'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'npm token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, 'Slack token'],
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, 'private key'],
];

/** Placeholders and references that carry no secret: empty, `$VAR`, `changeme`-style values, file paths. */
function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  return v === '' || /^\$\{?[A-Za-z_]/.test(v) || /^(?:changeme|change-me|xxx+|\*+|none|null|false|true|<.*>)$/i.test(v) || v.startsWith('/');
}

/** The kind of secret a NAME=value pair reveals, or undefined. */
export function classifyVariable(name: string, value: string): string | undefined {
  for (const [pattern, kind] of SECRET_VALUES) if (pattern.test(value)) return kind;
  if (SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name) && !isPlaceholder(value)) return 'credential-looking value';
  return undefined;
}

function splitPair(pair: string): [string, string] | undefined {
  const eq = pair.indexOf('=');
  return eq > 0 ? [pair.slice(0, eq), pair.slice(eq + 1)] : undefined;
}

/**
 * NAME=value pairs a history entry exposes: build args the builders record as `|N A=1 B=2 /bin/sh -c …`
 * (classic and BuildKit), and `ENV` instructions (classic `#(nop)  ENV A=1`, BuildKit `ENV A=1`).
 */
export function historyVariables(createdBy: string): [string, string][] {
  const pairs: [string, string][] = [];
  const args = /^(?:RUN )?\|(\d+) /.exec(createdBy);
  if (args) {
    const count = Number(args[1]);
    const words = createdBy.slice(args[0].length).split(' ');
    for (let i = 0; i < count && i < words.length; i++) {
      const pair = splitPair(words[i]);
      if (pair) pairs.push(pair);
    }
  }
  const env = /(?:^|#\(nop\)\s+)ENV\s+(.*)$/s.exec(createdBy);
  if (env) {
    const body = env[1].replace(/\s*# buildkit$/, '');
    // `ENV A=1 B=2` (one pair per word) or the legacy `ENV NAME value`.
    const words = body.split(/\s+/);
    if (words.every((w) => w.includes('='))) {
      for (const w of words) { const pair = splitPair(w); if (pair) pairs.push(pair); }
    } else if (words.length >= 2) {
      pairs.push([words[0], words.slice(1).join(' ')]);
    }
  }
  return pairs;
}

/** The history text with every credential-looking value replaced, so a report can show the command. */
export function redactHistory(createdBy: string): string {
  let text = createdBy;
  for (const [name, value] of historyVariables(createdBy)) {
    if (value && classifyVariable(name, value)) text = text.split(`${name}=${value}`).join(`${name}=<redacted>`).split(`${name} ${value}`).join(`${name} <redacted>`);
  }
  for (const [pattern] of SECRET_VALUES) text = text.replace(new RegExp(pattern.source, 'g'), '<redacted>');
  return text;
}

/** Secrets in the config's ENV, labels and the history's build args / ENV lines. */
export function metadataSecrets(env: readonly string[], labels: Readonly<Record<string, string>>, history: readonly HistoryEntry[]): SecretFinding[] {
  const found: SecretFinding[] = [];
  const seen = new Set<string>();
  const add = (finding: SecretFinding) => {
    const key = `${finding.where}\0${finding.path}\0${finding.historyIndex ?? ''}`;
    if (!seen.has(key)) { seen.add(key); found.push(finding); }
  };
  for (const pair of env) {
    const split = splitPair(pair);
    const kind = split && classifyVariable(split[0], split[1]);
    if (split && kind) add({ kind, where: 'env', path: split[0] });
  }
  for (const [name, value] of Object.entries(labels)) {
    const kind = classifyVariable(name, value);
    if (kind) add({ kind, where: 'label', path: name });
  }
  history.forEach((entry, index) => {
    for (const [name, value] of historyVariables(entry.createdBy)) {
      const kind = classifyVariable(name, value);
      if (kind) add({ kind, where: 'history', path: name, historyIndex: index });
    }
  });
  return found;
}
