// Credential detection for image contents and metadata: decides *that* something looks like a secret and of
// what kind, and hands the values to redact.ts (which removes them from every output). Reports name the path or
// variable, never the value.
import type { HistoryEntry, SecretFinding } from './types';

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
  if (base === '.env' || base.startsWith('.env.'))
    return /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*\S/m.test(head) ? 'dotenv file' : undefined;
  return undefined;
}

// Names that say "credential". KEY alone is too broad (GPG_KEY holds a public fingerprint in official
// images), so it counts only as API/ACCESS/SECRET/PRIVATE key or a name ending in _KEY that is not public.
const SECRET_NAME = /(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH)(?:_|$)/i;
const NOT_SECRET_NAME = /(?:GPG|PGP|PUBLIC|PUB)_?KEY|_FILE$|_PATH$|_URL$|_DIR$|_ID$|KEY_?ID|_HOST$/i;

// Values that are credentials whatever the variable is called.
export const SECRET_VALUE_PATTERNS: [RegExp, string][] = [
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
  return (
    v === '' || /^\$\{?[A-Za-z_]/.test(v) || /^(?:changeme|change-me|xxx+|\*+|none|null|false|true|<.*>)$/i.test(v) || v.startsWith('/')
  );
}

/** The kind of secret a NAME=value pair reveals, or undefined. */
export function classifyVariable(name: string, value: string): string | undefined {
  for (const [pattern, kind] of SECRET_VALUE_PATTERNS) if (pattern.test(value)) return kind;
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
      for (const w of words) {
        const pair = splitPair(w);
        if (pair) pairs.push(pair);
      }
    } else if (words.length >= 2) {
      pairs.push([words[0], words.slice(1).join(' ')]);
    }
  }
  return pairs;
}

export interface Assignment {
  name: string;
  /** The value without its quotes. */
  value: string;
  /** `NAME=value` as written (quotes included), and the part before the value (`NAME=`, `--password=`). */
  raw: string;
  prefix: string;
}

// NAME=value words anywhere in shell text (`export NAME=…`, `NAME=… cmd`, `ENV NAME=…`) and --flag=value options.
const ASSIGNMENT = /(^|[\s;&|(`])((?:--)?([A-Za-z_][A-Za-z0-9_-]*)=)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|)`'"]+)/g;

/** Assignments and `--flag=value` options in shell text (a RUN line, a history entry, a file head). */
export function commandAssignments(text: string): Assignment[] {
  const found: Assignment[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const [, , prefix, rawName, quoted] = match;
    const flag = prefix.startsWith('--');
    const name = flag ? rawName.toUpperCase().replace(/-/g, '_') : rawName;
    if (!flag && rawName.includes('-')) continue;
    const value = /^["']/.test(quoted) ? quoted.slice(1, -1) : quoted;
    found.push({ name, value, raw: prefix + quoted, prefix });
  }
  return found;
}

/** Whether NAME=value (or --name=value) hands over a secret. */
export function isSecretAssignment(name: string, value: string): boolean {
  return classifyVariable(name, value) !== undefined;
}

/** `NAME: value` / `NAME = value` lines of config-like file heads (.env, YAML, INI). */
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#]+)/gm;
// Values file formats put after a keyword that is not NAME=value shaped.
const FILE_VALUE_PATTERNS: RegExp[] = [
  /_(?:authToken|auth|password)\s*=\s*(\S+)/g, // .npmrc
  /\w+:\/\/[^\s:@/]+:([^\s@]+)@/g, // .git-credentials
  /\bpassword\s+(\S+)/g, // .netrc
  /"auth"\s*:\s*"([^"]+)"/g, // .docker/config.json
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----\r?\n([\s\S]*?)(?:\r?\n-----END|$)/g, // the key body, for its lines
];

/** The secret values a classified file's head holds: each is redacted wherever else it appears (history, ENV…). */
export function secretValuesInFile(head: string): string[] {
  const values: string[] = [];
  for (const pattern of FILE_VALUE_PATTERNS) {
    for (const match of head.matchAll(pattern)) {
      // A key body is searched for line by line: a RUN line may hold it joined differently.
      for (const part of match[1].split(/\r?\n/)) if (part.trim()) values.push(part.trim());
    }
  }
  for (const match of head.matchAll(CONFIG_LINE)) {
    const value = /^["']/.test(match[2]) ? match[2].slice(1, -1) : match[2];
    if (classifyVariable(match[1].toUpperCase().replace(/[.-]/g, '_'), value)) values.push(value);
  }
  return values;
}

/** Whether a file's first bytes start a private key (any path: keys are not always named id_rsa). */
export function startsLikePrivateKey(head: Buffer | string): boolean {
  const text = (typeof head === 'string' ? head : head.subarray(0, 256).toString('latin1')).trimStart();
  return text.startsWith('-----BEGIN ') && PRIVATE_KEY.test(text.slice(0, 100));
}

/** Findings plus the values they stand for (values never go into a report: redact.ts removes them). */
export interface DetectedSecrets {
  findings: SecretFinding[];
  values: Set<string>;
}

/** Secrets in the config's ENV, labels and the history's build args / ENV lines / RUN assignments, once each. */
export function detectMetadataSecrets(
  env: readonly string[],
  labels: Readonly<Record<string, string>>,
  history: readonly HistoryEntry[],
): DetectedSecrets {
  const findings: SecretFinding[] = [];
  const values = new Set<string>();
  const seen = new Set<string>();
  // The same build arg is recorded on every RUN after its ARG: one finding per place (ENV, label, history) and value.
  const add = (finding: SecretFinding, value: string) => {
    values.add(value);
    const key = `${finding.where}\0${value}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  };
  for (const pair of env) {
    const split = splitPair(pair);
    const kind = split && classifyVariable(split[0], split[1]);
    if (split && kind) add({ kind, where: 'env', path: split[0] }, split[1]);
  }
  for (const [name, value] of Object.entries(labels)) {
    const kind = classifyVariable(name, value);
    if (kind) add({ kind, where: 'label', path: name }, value);
  }
  history.forEach((entry, index) => {
    const pairs = [
      ...historyVariables(entry.createdBy),
      ...commandAssignments(entry.createdBy).map((a): [string, string] => [a.name, a.value]),
    ];
    for (const [name, value] of pairs) {
      const kind = classifyVariable(name, value);
      if (kind) add({ kind, where: 'history', path: name, historyIndex: index }, value);
    }
    for (const [pattern, kind] of SECRET_VALUE_PATTERNS) {
      for (const match of entry.createdBy.matchAll(new RegExp(pattern.source, 'g')))
        add({ kind, where: 'history', path: kind, historyIndex: index }, match[0]);
    }
  });
  return { findings, values };
}

/** Findings only (see detectMetadataSecrets). */
export function metadataSecrets(
  env: readonly string[],
  labels: Readonly<Record<string, string>>,
  history: readonly HistoryEntry[],
): SecretFinding[] {
  return detectMetadataSecrets(env, labels, history).findings;
}
