// DL3059: consecutive RUNs with the same flags each add a layer (and a cache step). A hint: separate
// layers can be deliberate (cache boundaries), so this never shouts.
import type { Rule } from '../rule';
import { flagSignature, runsMatching, script, SizeReport } from './support';
import { mergeable, mergeIntoPrevious } from './support/mergeRuns';
import * as l10n from '../../l10n';

export const consecutiveRun: Rule = {
  meta: {
    id: 'consecutive-run',
    aliases: ['DL3059'],
    severity: 'hint',
    tags: ['size', 'style'],
    summary: 'Consecutive RUN instructions with the same flags could be one RUN (one layer).',
  },
  check(model) {
    const reports: SizeReport[] = [];
    const runs = runsMatching(model);
    for (let k = 1; k < runs.length; k++) {
      const previous = runs[k - 1];
      const current = runs[k];
      if (previous.stage !== current.stage || previous.position + 1 !== current.position) continue;
      const sa = script(model, previous.run);
      const sb = script(model, current.run);
      if (flagSignature(sa) !== flagSignature(sb)) continue;
      const canMerge = mergeable(model, previous.run, sa, current.run, sb);
      reports.push({
        range: current.run.getRange(),
        message: l10n.t(
          'This RUN directly follows another with the same flags (line {0}); merging them saves a layer.',
          previous.run.getRange().start.line + 1,
        ),
        fixes: canMerge
          ? [{ title: l10n.t('Merge into the previous RUN'), safe: true, edits: mergeIntoPrevious(model, previous.run, current.run, sb) }]
          : [],
      });
    }
    return reports;
  },
};
