// Proof verdicts kept per (Dockerfile text, selected rules, build context digest, engine), in memory and in
// the user's cache folder ($XDG_CACHE_HOME/layerwise/proofs, else ~/.cache/layerwise/proofs), so a later
// request can say "proven: saves 78 MB, same files" without building again.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ContextFile } from '../context/walk';

export interface ProofKey {
  dockerfileText: string;
  rules?: readonly string[];
  contextDigest: string;
  /** The engine: its endpoint and its own id. */
  engine: string;
  smokeCommand?: string;
  /** For the proof of one fix: the text it gives (another fix of the same rule is another proof). */
  fixedText?: string;
}

export function proofCacheDir(env: NodeJS.ProcessEnv = process.env, homeDir = os.homedir()): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homeDir, '.cache'), 'layerwise', 'proofs');
}

/**
 * The build context as the builder sees it: every file .dockerignore lets through, by path, size and
 * modification time (reading every byte of a large context would cost more than the builder's own check).
 */
export function contextDigest(root: string, files: readonly ContextFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    let mtime = 0;
    try {
      mtime = fs.statSync(path.join(root, file.path)).mtimeMs;
    } catch {
      /* gone: size alone */
    }
    hash.update(`${file.path}\0${file.bytes}\0${mtime}\n`);
  }
  return hash.digest('hex');
}

export function proofKeyString(key: ProofKey): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        key.dockerfileText,
        [...(key.rules ?? [])].sort(),
        key.contextDigest,
        key.engine,
        key.smokeCommand ?? '',
        // Only present for one fix's proof, so the keys of whole-file proofs stay what they were.
        ...(key.fixedText === undefined ? [] : [key.fixedText]),
      ]),
    )
    .digest('hex');
}

export class ProofCache<T> {
  private readonly memory = new Map<string, T>();
  constructor(private readonly dir: string = proofCacheDir()) {}

  get(key: ProofKey): T | undefined {
    const id = proofKeyString(key);
    const hit = this.memory.get(id);
    if (hit !== undefined) return hit;
    try {
      const value = JSON.parse(fs.readFileSync(path.join(this.dir, `${id}.json`), 'utf8')) as T;
      this.memory.set(id, value);
      return value;
    } catch {
      return undefined;
    }
  }

  set(key: ProofKey, value: T): void {
    const id = proofKeyString(key);
    this.memory.set(id, value);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const file = path.join(this.dir, `${id}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // A read-only or full cache folder costs a rebuild next time, nothing more.
    }
  }
}
