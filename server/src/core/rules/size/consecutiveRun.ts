// DL3059: consecutive RUNs with the same flags each add a layer (and a cache step). A hint: separate
// layers can be deliberate (cache boundaries), so this never shouts.
import type { Rule } from '../rule';
import { runFlagSignature, runsMatching, script, SizeReport } from './support';
import { hasHeredoc } from '../../shell/index';
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
      if (runFlagSignature(previous.run) !== runFlagSignature(current.run)) continue;
      // A RUN with a heredoc is never merged (see mergeable): its shell need not be read, which on a file of
      // thousands of heredoc RUNs was most of the lint time.
      const sb = hasHeredoc(model, previous.run) || hasHeredoc(model, current.run) ? undefined : script(model, current.run);
      const canMerge = sb !== undefined && mergeable(model, previous.run, script(model, previous.run), current.run, sb);
      reports.push({
        range: current.run.getRange(),
        message: l10n.t(
          'This RUN directly follows another with the same flags (line {0}); merging them saves a layer.',
          previous.run.getRange().start.line + 1,
        ),
        fixes:
          canMerge && sb
            ? [{ title: l10n.t('Merge into the previous RUN'), safe: true, edits: mergeIntoPrevious(model, previous.run, current.run, sb) }]
            : [],
      });
    }
    return reports;
  },
};
