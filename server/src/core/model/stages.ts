// Which stages' files end up in the built image. The final stage, plus the stages it is built FROM
// (`FROM base AS final` where `base` is an earlier stage), carry their layers into the image; stages that
// are only copied from (`COPY --from=build`) contribute just the copied paths, so their caches and
// leftovers cost nothing in the final image.
import type { Instruction } from './syntax/index';
import type { DockerfileModel, Stage } from './dockerfileModel';

const finalLineage = new WeakMap<DockerfileModel, ReadonlySet<Stage>>();

const parents = new WeakMap<DockerfileModel, Map<Stage, Stage | undefined>>();

/** The earlier stage a stage is built FROM, if its FROM names one. */
export function parentStage(model: DockerfileModel, stage: Stage): Stage | undefined {
  let byStage = parents.get(model);
  if (!byStage) {
    // One pass per model: stage names seen so far, so each FROM is resolved without walking back over the stages.
    byStage = new Map();
    const named = new Map<string, Stage>();
    for (const s of model.stages) {
      // The whole reference: `FROM ghcr.io/x/build:1` or `FROM build:latest` pull images, only a bare `FROM build` names a stage.
      const image = s.from.getImage()?.toLowerCase();
      byStage.set(s, image === undefined ? undefined : named.get(image));
      if (s.name !== undefined) named.set(s.name, s);
    }
    parents.set(model, byStage);
  }
  return byStage.get(stage);
}

/**
 * A stage and the stages it is built FROM, nearest first (`FROM base AS app` → [app, base, …]). What a stage
 * inherits from them as BuildKit does (SHELL, WORKDIR, USER, ENV, and ARGs declared in them) is read along it.
 */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = parentStage(model, s)) chain.push(s);
  return chain;
}

/** Whether the stages `stage` is built FROM (not the stage itself) hold an instruction matching `test`. */
export function inheritsInstruction(model: DockerfileModel, stage: Stage, test: (instruction: Instruction) => boolean): boolean {
  return stageChain(model, stage)
    .slice(1)
    .some((s) => s.instructions.some(test));
}

/** The final stage and its FROM-ancestors among the stages: their layers are the image's layers. */
export function stagesInFinalImage(model: DockerfileModel): ReadonlySet<Stage> {
  let set = finalLineage.get(model);
  if (set) return set;
  const lineage = new Set<Stage>();
  for (let stage = model.finalStage; stage && !lineage.has(stage); stage = parentStage(model, stage)) lineage.add(stage);
  finalLineage.set(model, lineage);
  set = lineage;
  return set;
}

export function reachesFinalImage(model: DockerfileModel, stage: Stage | undefined): boolean {
  return stage !== undefined && stagesInFinalImage(model).has(stage);
}

/** The stage an instruction belongs to (undefined for ARGs before the first FROM). Binary search: rules ask per instruction. */
export function stageContaining(model: DockerfileModel, instruction: Instruction): Stage | undefined {
  const at = instruction.span.start;
  const stages = model.stages;
  let low = 0;
  let high = stages.length - 1;
  let found: Stage | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (stages[mid].from.span.start <= at) {
      found = stages[mid];
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
