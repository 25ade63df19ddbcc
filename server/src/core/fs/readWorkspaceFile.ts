// Reads a file a workspace or a command line names, which may be hostile: a FIFO would block the reader
// forever, `/dev/zero` (or a symlink to it, which a clone can create) never ends, a huge file exhausts memory.
// Only regular files are read — symlinks resolved and their target checked — and only up to a size cap. The
// file is opened non-blocking and checked again with fstat, so what is read is what was checked.
import * as fs from 'node:fs';

export type WorkspaceFileProblem = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export class WorkspaceFileError extends Error {
  /** @param detail what is wrong, without the file name (`is a FIFO (named pipe), not a regular file: not read`) */
  constructor(readonly file: string, readonly problem: WorkspaceFileProblem, readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'WorkspaceFileError';
  }
}

export interface ReadLimits {
  /** Larger files are refused (the message names the size and the limit). */
  maxBytes: number;
}

/** What a non-regular file is, in words a user recognises. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function checkRegular(file: string, stat: fs.Stats, limits: ReadLimits): void {
  if (stat.isDirectory()) throw new WorkspaceFileError(file, 'not-regular', 'is a directory');
  if (!stat.isFile()) throw new WorkspaceFileError(file, 'not-regular', `is ${kindOf(stat)}, not a regular file: not read`);
  if (stat.size > limits.maxBytes) {
    let [size, limit] = [formatLimit(stat.size), formatLimit(limits.maxBytes)];
    if (size === limit) [size, limit] = [`${stat.size} bytes`, `${limits.maxBytes} bytes`];
    throw new WorkspaceFileError(file, 'too-large', `is too large (${size}; the limit is ${limit}): not read`);
  }
}

function failure(file: string, error: unknown): WorkspaceFileError {
  if (error instanceof WorkspaceFileError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new WorkspaceFileError(file, 'missing', 'no such file');
  if (code === 'ELOOP') return new WorkspaceFileError(file, 'unreadable', 'too many levels of symbolic links');
  if (code === 'EACCES' || code === 'EPERM') return new WorkspaceFileError(file, 'unreadable', 'permission denied');
  return new WorkspaceFileError(file, 'unreadable', (error as Error).message);
}

/**
 * The stat of what `file` names (symlinks followed), when it is a regular file within the limit; throws a
 * WorkspaceFileError saying what is wrong otherwise. Never opens the file.
 */
export function checkWorkspaceFile(file: string, limits: ReadLimits): fs.Stats {
  try {
    const stat = fs.statSync(file);
    checkRegular(file, stat, limits);
    return stat;
  } catch (error) {
    throw failure(file, error);
  }
}

// Windows has neither flag; there FIFOs and devices are not reachable through ordinary paths anyway.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** The bytes of a regular file of at most `limits.maxBytes`; throws a WorkspaceFileError otherwise. */
export function readWorkspaceFile(file: string, limits: ReadLimits): Buffer {
  let fd: number | undefined;
  try {
    // Checked before opening, so that opening cannot block or start a device; then again on the open file,
    // in case the path was swapped in between.
    const before = checkWorkspaceFile(file, limits);
    fd = fs.openSync(file, OPEN_FLAGS);
    const stat = fs.fstatSync(fd);
    checkRegular(file, stat, limits);
    if (stat.ino !== before.ino || stat.dev !== before.dev) throw new WorkspaceFileError(file, 'unreadable', 'changed while being read: not read');
    // Read at most one byte more than allowed: a file that grows while read (or reports size 0, like /proc
    // files) is still bounded.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limits.maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limits.maxBytes) throw new WorkspaceFileError(file, 'too-large', `is larger than the limit of ${formatLimit(limits.maxBytes)}: not read`);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw failure(file, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** readWorkspaceFile decoded as UTF-8. */
export function readWorkspaceText(file: string, limits: ReadLimits): string {
  return readWorkspaceFile(file, limits).toString('utf8');
}

/** Size caps for each kind of file read: configuration is small; a Dockerfile may be a few megabytes. */
export const LIMITS = {
  config: { maxBytes: 1024 * 1024 },
  dockerignore: { maxBytes: 1024 * 1024 },
  dockerfile: { maxBytes: 16 * 1024 * 1024 },
  /** Files of the build context that fixes read (manifests): larger ones are not worth reading. */
  contextFile: { maxBytes: 256 * 1024 },
} as const satisfies Record<string, ReadLimits>;
