// What the recorded build of an image says about each line: its wall time, whether it was reused from cache, and
// why it ran again. Only from a build Layerwise recorded; a line it does not know about gets nothing (unknown).
import { latestRecord, readRecord, type BuildRecord, type StepRecord } from './recordStore';

export interface StepTiming {
  seconds?: number;
  cached?: boolean;
  rebuiltBecause?: string;
  /** 'engine-history': read from the engine's BuildKit history (a build made outside Layerwise). */
  timeFrom?: string;
}

export function timingOf(step: StepRecord | undefined): StepTiming {
  if (!step) return {};
  return {
    ...(step.seconds !== undefined ? { seconds: step.seconds } : {}),
    ...(step.cached !== undefined ? { cached: step.cached } : {}),
    ...(step.rebuiltBecause ? { rebuiltBecause: step.rebuiltBecause } : {}),
  };
}

/** A line's step in the record, when the instruction there is still the one that was built. */
export function recordedStep(record: BuildRecord | undefined, line: number, instruction: string): StepRecord | undefined {
  return record?.steps.find((s) => s.line === line && s.keyword === instruction.toUpperCase());
}

/** Per line: the timing of the recorded build of `imageId` from `dockerfile` (absolute path). */
export function recordedTiming(
  dockerfile: string,
  imageId: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): (line: number, instruction: string) => StepTiming {
  const record = imageId ? readRecord(dockerfile, imageId, env) : undefined;
  return (line, instruction) => timingOf(recordedStep(record, line, instruction));
}

/** Per line: how long the step ran in the last recorded build of `dockerfile`; read once, on first ask. */
export function recordedStepSeconds(dockerfile: string, env: NodeJS.ProcessEnv = process.env): (line: number) => number | undefined {
  let record: BuildRecord | null | undefined;
  return (line) => {
    if (record === undefined) record = latestRecord(dockerfile, env) ?? null;
    const step = record?.steps.find((s) => s.line === line);
    return step && step.cached === false ? step.seconds : undefined;
  };
}
