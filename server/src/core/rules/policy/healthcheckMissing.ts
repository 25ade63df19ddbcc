import type { Rule } from '../rule';
import type { Stage } from '../../model/dockerfileModel';
import { parentStage } from '../../model/stages';
import * as l10n from '../../l10n';

// hadolint DL3057, opt-in (hadolint has it off too): the built image has no HEALTHCHECK, its own or inherited
// from a parent stage. Many images are health-checked by the orchestrator (Kubernetes probes), which ignores it.
export const healthcheckMissing: Rule = {
  meta: {
    id: 'healthcheck-missing',
    aliases: ['DL3057'],
    severity: 'info',
    tags: ['correctness'],
    summary: 'The final stage has no HEALTHCHECK (HEALTHCHECK NONE counts); opt-in.',
    optIn: true,
  },
  check(model) {
    const final = model.finalStage;
    if (!final) return [];
    const seen = new Set<Stage>();
    for (let stage: Stage | undefined = final; stage && !seen.has(stage); stage = parentStage(model, stage)) {
      seen.add(stage);
      if (stage.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')) return [];
    }
    return [
      {
        range: final.from.getRange(),
        message: l10n.t('The image has no HEALTHCHECK: add one (or HEALTHCHECK NONE to say there is none on purpose).'),
      },
    ];
  },
};
