// Digests of the build-context files a COPY/ADD reads, as the builder sees them: the context after the ignore
// file that applies, each file by its content and mode (not its modification time, which neither builder keys
// on). Kept per context and refreshed incrementally: the listing is walked once, then only the paths a file
// watcher reports are looked at again, and a file is re-read only when its size, mtime or inode moved.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkContext } from '../context/walk';
import { findIgnoreFile, type Builder } from '../context/ignoreFile';
import { matcherFor } from '../context/matcher';
import { sourceMatcher } from '../engine/copySources';

export interface SourceDigest {
  /** Digest of every matched file's path, mode and content. */
  digest: string;
  /** Context-relative path → short digest of that file, to name what changed. */
  files: Record<string, string>;
}

interface FileState {
  key?: string;
  hash?: string;
}

export class ContextHasher {
  private listing?: Promise<Map<string, FileState>>;

  constructor(
    readonly root: string,
    private readonly query: { dockerfile?: string; builder: Builder },
    /** A file watcher reports every change through `changed()`: hashed files are not looked at again until then. */
    private readonly watched = false,
  ) {}

  /** Paths changed on disk (absolute or context-relative): only these are looked at again. */
  changed(paths: readonly string[]): void {
    if (!this.listing) return;
    const ignoreFiles = new Set(
      [findIgnoreFile(this.root, this.query)?.file, `${this.query.dockerfile}.dockerignore`, path.join(this.root, '.dockerignore')].filter(
        Boolean,
      ),
    );
    if (paths.some((p) => ignoreFiles.has(path.resolve(this.root, p)))) {
      // What the context holds changed wholesale: walk again.
      this.listing = undefined;
      return;
    }
    const listing = this.listing;
    this.listing = listing.then((files) => {
      const matcher = matcherFor(findIgnoreFile(this.root, this.query));
      for (const p of paths) {
        const rel = path.relative(this.root, path.resolve(this.root, p)).split(path.sep).join('/');
        if (rel.startsWith('..') || rel === '') continue;
        if (matcher.ignores(rel)) {
          files.delete(rel);
          continue;
        }
        let stat: fs.Stats;
        try {
          stat = fs.lstatSync(path.join(this.root, rel));
        } catch {
          // Gone, or a folder removed with everything under it.
          for (const known of [...files.keys()]) if (known === rel || known.startsWith(rel + '/')) files.delete(known);
          continue;
        }
        if (stat.isDirectory()) {
          // A new folder: its files are not known yet; walk again rather than guess.
          this.listing = undefined;
          continue;
        }
        files.set(rel, {});
      }
      return files;
    });
  }

  /** The digest of the context files matched by COPY/ADD sources (context-relative patterns, `.` for all). */
  async digest(sources: readonly string[]): Promise<SourceDigest> {
    const files = await this.files();
    const matches = sourceMatcher([...sources]);
    const names = [...files.keys()].filter(matches).sort();
    const whole = createHash('sha256');
    const out: Record<string, string> = {};
    for (const name of names) {
      const hash = await this.hashOf(name, files.get(name)!);
      if (hash === undefined) continue;
      out[name] = hash;
      whole.update(`${name}\0${hash}\n`);
    }
    return { digest: whole.digest('hex'), files: out };
  }

  private files(): Promise<Map<string, FileState>> {
    this.listing ??= walkContext(this.root, {
      maxFiles: Number.POSITIVE_INFINITY,
      maxMs: Number.POSITIVE_INFINITY,
      dockerfile: this.query.dockerfile,
      builder: this.query.builder,
    }).then((walk) => new Map(walk.files.map((f) => [f.path, {}])));
    return this.listing;
  }

  /** Mode and content of one file, re-read only when its stat moved; undefined when it vanished. */
  private async hashOf(name: string, state: FileState): Promise<string | undefined> {
    if (this.watched && state.hash) return state.hash;
    const file = path.join(this.root, name);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.lstat(file);
    } catch {
      return undefined;
    }
    const key = `${stat.size}:${stat.mtimeMs}:${stat.ino}:${stat.mode}`;
    if (state.key === key && state.hash) return state.hash;
    const content = stat.isSymbolicLink() ? await fs.promises.readlink(file) : await fs.promises.readFile(file).catch(() => undefined);
    if (content === undefined) return undefined;
    // Permission bits and file type, as both builders' content checksums include them.
    const hash = createHash('sha256')
      .update(`${stat.mode & 0o170777}\0`)
      .update(content)
      .digest('hex')
      .slice(0, 16);
    state.key = key;
    state.hash = hash;
    return hash;
  }
}
