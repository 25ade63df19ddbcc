import type { Copy, Flag } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { DockerfileModel } from '../../model/dockerfileModel';
import type { Range, TextEdit } from '../../types';
import * as l10n from '../../l10n';

/** Every place a stage name is used: `FROM <name>`, `COPY --from=<name>`, `RUN --mount=…,from=<name>`. */
export function stageReferences(model: DockerfileModel, lowerName: string): Range[] {
  const ranges: Range[] = [];
  for (const stage of model.stages) {
    if (stage.from.getImageName()?.toLowerCase() === lowerName && !stage.from.getRegistry() && !stage.from.getImageTag() && !stage.from.getImageDigest()) {
      const r = stage.from.getImageNameRange();
      if (r) ranges.push(r);
    }
  }
  for (const instruction of model.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'COPY') {
      const flag = (instruction as Copy).getFromFlag();
      if (flag?.getValue()?.toLowerCase() === lowerName && flag.getValueRange()) ranges.push(flag.getValueRange()!);
    } else if (keyword === 'RUN') {
      for (const flag of (instruction as unknown as { getFlags(): Flag[] }).getFlags()) {
        if (flag.getName() !== 'mount') continue;
        for (const option of flag.getOptions()) {
          if (option.getName() === 'from' && option.getValue()?.toLowerCase() === lowerName && option.getValueRange()) ranges.push(option.getValueRange()!);
        }
      }
    }
  }
  return ranges;
}

// BuildKit's StageNameCasing: stage names are compared lower-cased, so `Build` and `build` are one stage.
export const stageNameCasing: Rule = {
  meta: {
    id: 'stage-name-casing',
    aliases: ['StageNameCasing'],
    severity: 'warning',
    tags: ['style'],
    summary: 'Stage names should be lowercase.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const name = stage.from.getBuildStage();
      const range = stage.from.getBuildStageRange();
      if (!name || !range || name === name.toLowerCase()) continue;
      const lower = name.toLowerCase();
      const edits: TextEdit[] = [{ range, newText: lower }, ...stageReferences(model, lower).map((r) => ({ range: r, newText: lower }))];
      reports.push({
        range,
        message: l10n.t("Stage name '{0}' should be lowercase: BuildKit compares stage names lower-cased.", name),
        fixes: [{ title: l10n.t("Rename stage to '{0}' (and its references)", lower), safe: true, edits }],
      });
    }
    return reports;
  },
};

// BuildKit's DuplicateStageName / hadolint DL3024: a second stage with the same name makes references ambiguous,
// and BuildKit refuses the file. dockerfile-utils reports it too (code DUPLICATE_BUILD_STAGE_NAME); that
// diagnostic is filtered out (config/syntaxChecks.ts) so the finding comes once, with our id and aliases.
export const duplicateStageName: Rule = {
  meta: {
    id: 'duplicate-stage-name',
    aliases: ['DuplicateStageName', 'DL3024'],
    severity: 'error',
    tags: ['correctness'],
    summary: 'Stage names must be unique.',
  },
  check(model) {
    const reports: Report[] = [];
    const seen = new Map<string, number>();
    for (const stage of model.stages) {
      if (!stage.name) continue;
      const first = seen.get(stage.name);
      if (first === undefined) { seen.set(stage.name, stage.from.getRange().start.line); continue; }
      reports.push({
        range: stage.from.getBuildStageRange()!,
        message: l10n.t("Duplicate stage name '{0}': line {1} already defines it. BuildKit refuses the Dockerfile.", stage.from.getBuildStage() ?? '', first + 1),
      });
    }
    return reports;
  },
};

const RESERVED = new Set(['scratch', 'context']);

// BuildKit's ReservedStageName: `scratch` and `context` mean something else in FROM and --from.
export const reservedStageName: Rule = {
  meta: {
    id: 'reserved-stage-name',
    aliases: ['ReservedStageName'],
    severity: 'error',
    tags: ['correctness'],
    summary: 'Stage names `scratch` and `context` are reserved.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      if (!stage.name || !RESERVED.has(stage.name)) continue;
      reports.push({ range: stage.from.getBuildStageRange()!, message: l10n.t("'{0}' is a reserved word and cannot be a stage name.", stage.from.getBuildStage() ?? '') });
    }
    return reports;
  },
};
