// The build context as a tar for the Engine API, holding exactly the files walk.ts lists. Made here rather
// than by dockerode's `{ context, src }` packing: that re-reads `.dockerignore` at the context root on its
// own (ignoring `<Dockerfile>.dockerignore`, and blocking on a FIFO or reading /dev/zero without end).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';

/** A tar of `paths` (context-relative, '/'-separated): regular files, symlinks as links and FIFOs, as Docker sends them. */
export function packContext(root: string, paths: readonly string[]): Readable {
  const pack = tar.pack();
  const addAll = async () => {
    for (const name of paths) {
      const full = path.join(root, ...name.split('/'));
      let stat: fs.Stats;
      try { stat = await fs.promises.lstat(full); } catch { continue; } // removed since the walk
      const header = { name, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: stat.uid, gid: stat.gid };
      if (stat.isSymbolicLink()) {
        const linkname = await fs.promises.readlink(full);
        await new Promise<void>((resolve, reject) => pack.entry({ ...header, type: 'symlink', linkname }, (e) => (e ? reject(e) : resolve())));
      } else if (stat.isFIFO()) {
        await new Promise<void>((resolve, reject) => pack.entry({ ...header, type: 'fifo' }, (e) => (e ? reject(e) : resolve())));
      } else if (stat.isFile()) {
        await pipeline(fs.createReadStream(full), pack.entry({ ...header, type: 'file', size: stat.size }));
      }
      // Sockets and devices: nothing a build can use.
    }
    pack.finalize();
  };
  addAll().catch((error: Error) => pack.destroy(error));
  // tar-stream's streams are streamx ones: a Node stream for the HTTP request.
  return Readable.from(pack, { objectMode: false });
}
