// Will the next build reuse each step? Compares the steps' inputs now with those of the recorded build, stage by
// stage and step by step: the first step whose inputs changed rebuilds, and so does every step after it in its
// stage and every step that reads a rebuilt stage. The reason names the first changed input.
import type { StepInputs } from './stepInputs';
import type { BuildRecord, StepRecord } from './recordStore';

export interface ForecastStep {
  /** 1-based Dockerfile line. */
  line: number;
  instruction: string;
  rebuild: boolean;
  /** Why it will rebuild: `src/a.txt changed`, `follows line 4`, `--build-arg VERSION changed`… */
  reason?: string;
}

const STATE_KEYS = new Set(['WORKDIR', 'USER', 'SHELL']);

function firstDifference(now: Record<string, string> = {}, then: Record<string, string> = {}): string | undefined {
  const keys = [...new Set([...Object.keys(then), ...Object.keys(now)])].sort();
  return keys.find((k) => now[k] !== then[k]);
}

function sourcesReason(now: StepInputs['sources'], then: StepInputs['sources']): string | undefined {
  if (!now || !then || now.digest === then.digest) return undefined;
  // Both lists are sorted by name (contextHasher): one pass each, no sort of thousands of names per refresh.
  for (const name of Object.keys(now.files)) {
    const before = then.files[name];
    if (before === undefined) return `${name} added`;
    if (before !== now.files[name]) return `${name} changed`;
  }
  for (const name of Object.keys(then.files)) if (!(name in now.files)) return `${name} removed`;
  return 'copied files changed';
}

/** The first input of `now` that differs from `then`, as a reason; undefined when the step will be reused. */
export function changedInput(now: StepInputs, then: StepRecord | undefined): string | undefined {
  if (!then) return 'new step';
  if (now.keyword !== then.keyword || now.text !== then.text) return 'instruction changed';
  if (now.base?.id && then.base?.id && now.base.id !== then.base.id) return `base image ${now.base.ref} changed`;
  const arg = firstDifference(now.args, then.args);
  if (arg) return `--build-arg ${arg} changed`;
  const env = firstDifference(now.env, then.env);
  if (env) return STATE_KEYS.has(env) ? `${env} changed` : `ENV ${env} changed`;
  return sourcesReason(now.sources, then.sources);
}

export function forecast(now: readonly StepInputs[], record: Pick<BuildRecord, 'steps'>): ForecastStep[] {
  const recorded = new Map<number, StepRecord[]>();
  for (const step of record.steps) recorded.set(step.stage, [...(recorded.get(step.stage) ?? []), step]);
  /** Stage → the first line that rebuilds in it. */
  const rebuiltStages = new Map<number, number>();
  const ordinal = new Map<number, number>();
  const chain = new Map<number, number>();
  const out: ForecastStep[] = [];
  for (const step of now) {
    const k = ordinal.get(step.stage) ?? 0;
    ordinal.set(step.stage, k + 1);
    let reason: string | undefined;
    const follows = chain.get(step.stage);
    if (follows !== undefined) reason = `follows line ${follows}`;
    else {
      reason = changedInput(step, recorded.get(step.stage)?.[k]);
      const readStage = step.stages?.find((s) => rebuiltStages.has(s));
      if (!reason && readStage !== undefined) reason = `follows line ${rebuiltStages.get(readStage)}`;
      if (reason) {
        chain.set(step.stage, step.line);
        if (!rebuiltStages.has(step.stage)) rebuiltStages.set(step.stage, step.line);
      }
    }
    out.push({ line: step.line, instruction: step.keyword, rebuild: !!reason, ...(reason ? { reason } : {}) });
  }
  return out;
}
