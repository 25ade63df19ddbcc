// Runs the `shellcheck` binary on a batch of scripts: one process reads many files (a process start costs far
// more than a RUN's check), at most two processes at a time, each under a time limit. The scripts go to a
// private temporary folder that is removed afterwards; `--norc` keeps any `.shellcheckrc` out of the result.
// Results found in the result cache (resultCache.ts, when the caller set one up) are not checked again.
// The language server runs it as background work (`niceness`), so a keystroke's analysis gets the CPU first.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resultCacheFor } from './resultCache';

/** One ShellCheck comment, in the script's own coordinates (1-based lines, 1-based columns in code points). */
export interface ShellcheckComment {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: 'error' | 'warning' | 'info' | 'style';
  code: number;
  message: string;
}

/** hadolint's exclusions: SC1090/SC1091 need a directive a Dockerfile cannot hold, SC2187 is about ash. */
export const EXCLUDED_CODES = ['SC1090', 'SC1091', 'SC2187'];
export const BATCH_SIZE = 32;
export const TIMEOUT_MS = 120_000;
const MAX_PROCESSES = 2;

export class ShellcheckUnavailable extends Error {}

export interface RunOptions {
  /**
   * The processes' scheduling niceness (0–19, higher yields more; where the OS allows it). The language server's
   * background checks of a big file (minutes of CPU on a 20,000-line file) must not take the CPU from typing.
   */
  niceness?: number;
}

let running = 0;
const queue: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_PROCESSES) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    queue.shift()?.();
  }
}

function parseOutput(stdout: string, files: readonly string[]): ShellcheckComment[][] {
  const byFile = new Map(files.map((file, i) => [file, i]));
  const results: ShellcheckComment[][] = files.map(() => []);
  const parsed = JSON.parse(stdout) as { comments?: (ShellcheckComment & { file: string })[] };
  for (const c of parsed.comments ?? []) {
    const i = byFile.get(c.file);
    if (i === undefined) continue;
    results[i].push({
      line: c.line,
      column: c.column,
      endLine: c.endLine,
      endColumn: c.endColumn,
      level: c.level,
      code: c.code,
      message: c.message,
    });
  }
  return results;
}

/** Binaries too old for `--norc` (it came with ShellCheck 0.8): run without it from then on. */
const withoutNorc = new Set<string>();

async function runOnce(binary: string, files: string[], options: RunOptions): Promise<string> {
  try {
    return await runWith(binary, files, !withoutNorc.has(binary), options);
  } catch (error) {
    if (withoutNorc.has(binary) || !/norc/.test((error as Error).message)) throw error;
    withoutNorc.add(binary);
    return runWith(binary, files, false, options);
  }
}

/** The arguments before the files (and `--norc`): with the binary, what decides a script's result. */
const CHECK_ARGS = ['--format=json1', `--exclude=${EXCLUDED_CODES.join(',')}`];

function runWith(binary: string, files: string[], norc: boolean, options: RunOptions): Promise<string> {
  const args = [...(norc ? ['--norc'] : []), ...CHECK_ARGS, '--', ...files];
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary,
      args,
      { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'EACCES')
          return reject(new ShellcheckUnavailable(`${binary}: ${code === 'ENOENT' ? 'not found' : 'not executable'}`));
        // Exit 1 means "found something"; anything else without JSON on stdout is a failure.
        if (error && !stdout.trimStart().startsWith('{'))
          return reject(
            new Error(
              `${binary} failed: ${error.killed ? `no answer within ${TIMEOUT_MS / 1000} s` : String(stderr).trim() || error.message}`,
            ),
          );
        resolve(stdout);
      },
    );
    if (options.niceness && child.pid !== undefined) lowerPriority(child.pid, options.niceness);
  });
}

/** Best effort: a process that already exited, or an OS that refuses, leaves the priority as it was. */
function lowerPriority(pid: number, niceness: number): void {
  try {
    os.setPriority(pid, Math.max(os.getPriority(pid), niceness));
  } catch {
    // (the check still runs, at the normal priority)
  }
}

/** ShellCheck's comments for each script, in order. Rejects with ShellcheckUnavailable when the binary is missing. */
export async function runShellcheck(binary: string, scripts: readonly string[], options: RunOptions = {}): Promise<ShellcheckComment[][]> {
  const cache = resultCacheFor(binary, CHECK_ARGS);
  const results: (ShellcheckComment[] | undefined)[] = scripts.map((script) => cache?.get(script));
  const unchecked = scripts.flatMap((_, i) => (results[i] ? [] : [i]));
  const runs: Promise<void>[] = [];
  for (let from = 0; from < unchecked.length; from += BATCH_SIZE) {
    const batch = unchecked.slice(from, from + BATCH_SIZE);
    runs.push(
      slot(() =>
        checkBatch(
          binary,
          batch.map((i) => scripts[i]),
          options,
        ),
      ).then((comments) =>
        batch.forEach((i, k) => {
          results[i] = comments[k];
          cache?.set(scripts[i], comments[k]);
        }),
      ),
    );
  }
  await Promise.all(runs);
  return results as ShellcheckComment[][];
}

async function checkBatch(binary: string, batch: readonly string[], options: RunOptions): Promise<ShellcheckComment[][]> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'layerwise-shellcheck-'));
  try {
    const files = batch.map((_, i) => path.join(dir, `run-${i}.sh`));
    await Promise.all(files.map((file, i) => fs.promises.writeFile(file, batch[i])));
    return parseOutput(await runOnce(binary, files, options), files);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** The binary's version line (`0.9.0`), or undefined when it does not run. */
export function shellcheckVersion(binary: string): Promise<string | undefined> {
  return new Promise((resolve) =>
    execFile(binary, ['--version'], { timeout: 10_000, windowsHide: true }, (error, stdout) =>
      resolve(error ? undefined : /version:\s*(\S+)/.exec(stdout)?.[1]),
    ),
  );
}
