// A stage the final stage never reaches (no FROM of it, no COPY --from or RUN --mount from= it, directly or
// through other stages) is dead weight: BuildKit skips it, but the classic builder and older Buildah/Podman build
// every stage, and readers maintain it. A named stage may still be built on purpose with `--target`, so it is
// an info, the message says so, and in a multi-target file the named stages nothing uses count as targets.
import { FlaggedInstruction, type Instruction } from '../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import type { Rule, Report } from '../rule';
import { parentStage } from '../../model/stages';
import * as l10n from '../../l10n';

/** The `--from` values of an instruction: `COPY --from=…` and `RUN --mount=…,from=…`. */
function fromValues(instruction: Instruction): string[] {
  const keyword = instruction.getKeyword();
  const values: string[] = [];
  if (!(instruction instanceof FlaggedInstruction)) return values;
  for (const flag of instruction.getFlags()) {
    if (keyword === 'COPY' && flag.getName() === 'from') values.push(flag.getValue() ?? '');
    if (keyword === 'RUN' && flag.getName() === 'mount') {
      for (const option of flag.getOptions()) if (option.getName() === 'from') values.push(option.getValue() ?? '');
    }
  }
  return values;
}

/** The stages each stage uses (FROM parent, COPY --from, RUN --mount from=); undefined when a FROM or `--from` uses a variable. */
function stageEdges(model: DockerfileModel): Map<Stage, Stage[]> | undefined {
  const byName = new Map<string, Stage>();
  for (const stage of model.stages) if (stage.name !== undefined && !byName.has(stage.name)) byName.set(stage.name, stage);
  const edges = new Map<Stage, Stage[]>();
  for (const stage of model.stages) {
    // `FROM $ROOT_IMAGE` may name a stage once the build argument is expanded: then nothing is reported.
    // (A reference with `/`, `:` or `@` is an image, never a stage name.)
    if (/^[^/:@]*\$[^/:@]*$/.test(stage.from.getImage() ?? '')) return undefined;
    const used: Stage[] = [];
    const parent = parentStage(model, stage);
    if (parent) used.push(parent);
    for (const instruction of stage.instructions) {
      for (const value of fromValues(instruction)) {
        // `--from=${BUILDER}`: which stage it means depends on build arguments, so nothing is reported.
        if (value.includes('$')) return undefined;
        const target = /^\d+$/.test(value) ? model.stages[Number(value)] : byName.get(value.toLowerCase());
        if (target) used.push(target);
      }
    }
    edges.set(stage, used);
  }
  return edges;
}

function closure(roots: Stage[], edges: Map<Stage, Stage[]>): Set<Stage> {
  const reached = new Set<Stage>();
  const pending = [...roots];
  while (pending.length > 0) {
    const stage = pending.pop()!;
    if (reached.has(stage)) continue;
    reached.add(stage);
    pending.push(...(edges.get(stage) ?? []));
  }
  return reached;
}

/**
 * The stages some build needs. Besides the final stage, a file with several named stages that nothing uses is a
 * multi-target file (`--target`, bake targets: docker/buildx's own Dockerfile has 30), so those are targets too;
 * a single such stage is more likely a leftover, and is reported.
 */
function neededStages(model: DockerfileModel): Set<Stage> | undefined {
  const edges = stageEdges(model);
  if (!edges || !model.finalStage) return undefined;
  const used = new Set([...edges.values()].flat());
  const fromFinal = closure([model.finalStage], edges);
  const targets = model.stages.filter((s) => s.name !== undefined && !used.has(s) && !fromFinal.has(s));
  return targets.length >= 2 ? closure([model.finalStage, ...targets], edges) : fromFinal;
}

export const unreachableStage: Rule = {
  meta: {
    id: 'unreachable-stage',
    aliases: [],
    severity: 'info',
    tags: ['style'],
    summary: 'A stage the final image never uses (nothing builds FROM it or copies from it).',
  },
  check(model) {
    if (model.stages.length < 2) return [];
    const reached = neededStages(model);
    if (!reached) return [];
    const reports: Report[] = [];
    for (const stage of model.stages) {
      if (reached.has(stage)) continue;
      reports.push({
        range: stage.from.getRange(),
        message:
          stage.name === undefined
            ? l10n.t(
                'This stage is never used: the final stage does not build FROM it or copy from it, and without a name no `--target` can build it. Remove it, or use it.',
              )
            : l10n.t(
                "Stage '{0}' does not reach the final image: nothing builds FROM it or copies from it. Only `--target {0}` builds it; remove it if nothing does.",
                stage.from.getBuildStage() ?? stage.name,
              ),
      });
    }
    return reports;
  },
};
