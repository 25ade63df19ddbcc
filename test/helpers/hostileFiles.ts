// Workspace files that would freeze a careless reader, made in a temp folder: a FIFO (no writer: opening it
// for reading blocks forever), a symlink to /dev/zero (never ends), a huge sparse file (no disk used).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export type HostileKind = 'fifo' | 'dev-zero-link' | 'huge';

export const HOSTILE_KINDS: readonly HostileKind[] = ['fifo', 'dev-zero-link', 'huge'];

export function makeHostileFile(file: string, kind: HostileKind): void {
  if (kind === 'fifo') execFileSync('mkfifo', [file]);
  else if (kind === 'dev-zero-link') fs.symlinkSync('/dev/zero', file);
  else {
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 64 * 1024 * 1024);
  }
}

/** The words a clear message about each kind must contain. */
export const HOSTILE_MESSAGE: Record<HostileKind, RegExp> = {
  fifo: /FIFO/,
  'dev-zero-link': /character device/,
  huge: /too large/,
};
