// Per-step wall time and cache use, read from a build's output as it streams (both builders):
//   BuildKit: `#7 [2/5] COPY a.txt /a` … `#7 CACHED` or `#7 DONE 1.4s` (the builder's own timing)
//   classic:  `Step 3/7 : COPY a.txt /a` then ` ---> Using cache` when reused; timed from one step line to the next
//   Buildah:  `STEP 3/7: COPY a.txt /a` then `--> Using cache …`
// Lines are tied to Dockerfile lines by BuildOutputParser (buildProgress.ts).
import type { DockerfileModel } from '../model/dockerfileModel';
import { BuildOutputParser } from '../engine/buildProgress';

export interface StepOutcome {
  /** 1-based Dockerfile line of the instruction. */
  line: number;
  /** Wall time of the step in seconds (undefined when the output did not say). */
  seconds?: number;
  /** The builder reused the step from its cache. */
  cached: boolean;
}

// Not anchored at the start: output without a final newline runs into the status (`#8 1.204 xyz#8 DONE 1.3s`).
const BUILDKIT_CACHED = /#(\d+) CACHED\s*$/;
const BUILDKIT_DONE = /#(\d+) DONE (\d+(?:\.\d+)?)s\s*$/;
const CLASSIC_CACHED = /^\s*-+> Using cache\b/;
const CLASSIC_END = /^(Successfully built |Successfully tagged |COMMIT\b|\s*-+> [0-9a-f]{12,}\s*$)/;

export class StepLogReader {
  private readonly parser: BuildOutputParser;
  private readonly outcomes = new Map<number, StepOutcome>();
  /** BuildKit vertex id → Dockerfile line. */
  private readonly vertexLines = new Map<string, number>();
  /** The classic or Buildah step running now, with when it started. */
  private current?: { line: number; started: number };

  constructor(model: DockerfileModel) {
    this.parser = new BuildOutputParser(model);
  }

  /** Feed one output line, with the time it arrived (ms). */
  push(line: string, now = Date.now()): void {
    const vertex = /^#(\d+) \[/.exec(line)?.[1];
    const progress = this.parser.push(line);
    if (progress) {
      if (vertex !== undefined) {
        if (progress.line !== undefined) this.vertexLines.set(vertex, progress.line);
      } else {
        this.finishCurrent(now);
        if (progress.line !== undefined) {
          this.current = { line: progress.line, started: now };
          this.outcomes.set(progress.line, { line: progress.line, cached: false });
        }
      }
      return;
    }
    const cached = BUILDKIT_CACHED.exec(line);
    if (cached) {
      const at = this.vertexLines.get(cached[1]);
      if (at !== undefined) this.outcomes.set(at, { line: at, cached: true, seconds: 0 });
      return;
    }
    const done = BUILDKIT_DONE.exec(line);
    if (done) {
      const at = this.vertexLines.get(done[1]);
      if (at !== undefined && !this.outcomes.get(at)?.cached) this.outcomes.set(at, { line: at, cached: false, seconds: Number(done[2]) });
      return;
    }
    if (this.current && CLASSIC_CACHED.test(line)) {
      const outcome = this.outcomes.get(this.current.line);
      if (outcome) outcome.cached = true;
      return;
    }
    if (CLASSIC_END.test(line)) this.finishCurrent(now);
  }

  /** The end of the build: the last classic step's time runs until now. */
  finish(now = Date.now()): StepOutcome[] {
    this.finishCurrent(now);
    return [...this.outcomes.values()].sort((a, b) => a.line - b.line);
  }

  private finishCurrent(now: number): void {
    if (!this.current) return;
    const outcome = this.outcomes.get(this.current.line);
    if (outcome && outcome.seconds === undefined) outcome.seconds = Math.round(now - this.current.started) / 1000;
    this.current = undefined;
  }
}
