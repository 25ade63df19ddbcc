// The language server's background work runs at a lower scheduling priority than the thread that answers
// keystrokes: ShellCheck's processes (a 20,000-line file's first check is some 20 s of CPU in two processes) and the
// editor worker (dockerfile-utils' syntax checks of a 1 MB text, about 1 s of CPU per version). On two cores they
// took most of the CPU from the analysis of the next keystroke. Lower priority only yields when the CPU is
// contended: on an idle machine the background work runs as fast as before.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Scheduling niceness of background work (0 normal … 19 lowest). */
export const BACKGROUND_NICENESS = 10;

/**
 * Lowers the calling thread's priority to BACKGROUND_NICENESS. Linux only, where each thread has its own niceness
 * (`setpriority` on a thread id); elsewhere, or when refused, the thread keeps its priority.
 */
export function lowerThisThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const threadId = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    os.setPriority(threadId, Math.max(os.getPriority(threadId), BACKGROUND_NICENESS));
  } catch {
    // (the worker runs at the normal priority)
  }
}
