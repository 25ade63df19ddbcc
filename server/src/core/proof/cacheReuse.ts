// Whether a build step was taken from the cache, read from the builder's output: the classic builder prints
// `Step i/n : RUN …` then ` ---> Using cache`; BuildKit prints `#k [s i/n] RUN …` and later `#k CACHED`.
export type Builder = 'classic' | 'buildkit';

/** Which builder wrote this log (BuildKit's plain progress numbers its steps `#k`). */
export function builderOf(log: string): Builder {
  return /^#\d+ /m.test(log) ? 'buildkit' : 'classic';
}

/** Undefined when no step in the log matches `step`. */
export function stepCached(builder: Builder, log: string, step: RegExp): boolean | undefined {
  const lines = log.split(/\r?\n/);
  if (builder === 'classic') {
    const at = lines.findIndex((l) => /^Step \d+\/\d+ : /.test(l) && step.test(l.replace(/^Step \d+\/\d+ : /, '')));
    if (at < 0) return undefined;
    return lines[at + 1]?.trim() === '---> Using cache';
  }
  const header = lines.map((l) => /^(#\d+) \[[^\]]*\d+\/\d+\] (.*)$/.exec(l)).find((m) => m && step.test(m[2]));
  if (!header) return undefined;
  return lines.some((l) => l === `${header[1]} CACHED`);
}

/** A pattern for a RUN instruction's step: its keyword and the start of its first line, spaces loosened. */
export function runStepPattern(firstLine: string): RegExp {
  const words = firstLine.trim().replace(/\\$/, '').trim().slice(0, 60).split(/\s+/).filter(Boolean);
  return new RegExp(`^${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}`, 'i');
}
