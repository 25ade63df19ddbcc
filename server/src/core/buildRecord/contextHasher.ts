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

/** Files read at once when hashing: enough to overlap disk waits, few enough not to exhaust file handles. */
const HASH_BATCH = 64;

export class ContextHasher {
  private listing?: Promise<Map<string, FileState>>;
  /** Per COPY source list: the matched names, sorted, until the listing's membership changes. */
  private readonly matched = new Map<
    string,
    { listing: Map<string, FileState>; membership: number; names: string[]; result?: SourceDigest; hashes?: number }
  >();
  /** Bumped whenever a file's hash is set or dropped: a digest computed at the same count is still right. */
  private hashes = 0;
  /** Bumped whenever a file joins or leaves the listing. */
  private membership = 0;

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
          if (files.delete(rel)) this.membership++;
          continue;
        }
        let stat: fs.Stats;
        try {
          stat = fs.lstatSync(path.join(this.root, rel));
        } catch {
          // Gone, or a folder removed with everything under it.
          for (const known of [...files.keys()])
            if (known === rel || known.startsWith(rel + '/')) {
              files.delete(known);
              this.membership++;
            }
          continue;
        }
        if (stat.isDirectory()) {
          // A new folder: its files are not known yet; walk again rather than guess.
          this.listing = undefined;
          continue;
        }
        if (!files.has(rel)) this.membership++;
        files.set(rel, {});
      }
      return files;
    });
  }

  /** The digest of the context files matched by COPY/ADD sources (context-relative patterns, `.` for all). */
  async digest(sources: readonly string[]): Promise<SourceDigest> {
    const files = await this.files();
    const key = sources.join('\0');
    let cached = this.matched.get(key);
    if (!cached || cached.listing !== files || cached.membership !== this.membership) {
      const matches = sourceMatcher([...sources]);
      cached = { listing: files, membership: this.membership, names: [...files.keys()].filter(matches).sort() };
      this.matched.set(key, cached);
    }
    // Files not hashed yet (or, unwatched, whose stat may have moved): read in parallel batches.
    const pending = cached.names.filter((name) => !(this.watched && files.get(name)?.hash));
    for (let i = 0; i < pending.length; i += HASH_BATCH) {
      await Promise.all(pending.slice(i, i + HASH_BATCH).map((name) => this.hashOf(name, files.get(name)!)));
    }
    if (cached.result && cached.hashes === this.hashes) return cached.result;
    const out: Record<string, string> = {};
    const parts: string[] = [];
    for (const name of cached.names) {
      const hash = files.get(name)?.hash;
      if (hash === undefined) continue;
      out[name] = hash;
      parts.push(`${name}\0${hash}\n`);
    }
    cached.result = { digest: createHash('sha256').update(parts.join('')).digest('hex'), files: out };
    cached.hashes = this.hashes;
    return cached.result;
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
      if (state.hash !== undefined) this.hashes++;
      state.hash = undefined;
      return undefined;
    }
    const key = `${stat.size}:${stat.mtimeMs}:${stat.ino}:${stat.mode}`;
    if (state.key === key && state.hash) return state.hash;
    const content = stat.isSymbolicLink() ? await fs.promises.readlink(file) : await fs.promises.readFile(file).catch(() => undefined);
    if (content === undefined) {
      if (state.hash !== undefined) this.hashes++;
      state.hash = undefined;
      return undefined;
    }
    // Permission bits and file type, as both builders' content checksums include them.
    const hash = createHash('sha256')
      .update(`${stat.mode & 0o170777}\0`)
      .update(content)
      .digest('hex')
      .slice(0, 16);
    state.key = key;
    if (state.hash !== hash) this.hashes++;
    state.hash = hash;
    return hash;
  }
}
