// Which stages' files end up in the built image. The final stage, plus the stages it is built FROM
// (`FROM base AS final` where `base` is an earlier stage), carry their layers into the image; stages that
// are only copied from (`COPY --from=build`) contribute just the copied paths, so their caches and
// leftovers cost nothing in the final image.
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Stage } from './dockerfileModel';

const finalLineage = new WeakMap<DockerfileModel, ReadonlySet<Stage>>();

/** The earlier stage a stage is built FROM, if its FROM names one. */
export function parentStage(model: DockerfileModel, stage: Stage): Stage | undefined {
  // The whole reference: `FROM ghcr.io/x/build:1` or `FROM build:latest` pull images, only a bare `FROM build` names a stage.
  const image = stage.from.getImage()?.toLowerCase();
  if (!image) return undefined;
  for (let i = stage.index - 1; i >= 0; i--) if (model.stages[i].name === image) return model.stages[i];
  return undefined;
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

/** The stage an instruction belongs to (undefined for ARGs before the first FROM). */
export function stageContaining(model: DockerfileModel, instruction: Instruction): Stage | undefined {
  const line = instruction.getRange().start.line;
  let found: Stage | undefined;
  for (const stage of model.stages) {
    if (stage.from.getRange().start.line <= line) found = stage; else break;
  }
  return found;
}
