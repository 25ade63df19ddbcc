// DL3009: `apt-get update` downloads the package lists (~20–40 MB) into /var/lib/apt/lists; unless the
// same RUN removes them they stay in the layer for good.
import type { Rule } from '../rule';
import { invocations } from '../../packages/invocation';
import { CACHES, cacheIsMounted, removesCache } from '../../packages/caches';
import { appendCommand, runsMatching, script, statementEnd, SizeReport } from './support';
import * as l10n from '../../l10n';

const lists = CACHES['apt-lists'];

export const aptListsNotRemoved: Rule = {
  meta: {
    id: 'apt-lists-not-removed',
    aliases: ['DL3009'],
    severity: 'warning',
    tags: ['size'],
    summary: 'A RUN that runs `apt-get update` does not remove /var/lib/apt/lists, so the package lists stay in the image.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    for (const { run, inFinalImage } of runsMatching(model, /\bapt(-get)?\b[^\n]*\bupdate\b/, { triggers: true })) {
      if (!inFinalImage) continue;
      const s = script(model, run);
      if (s.kind !== 'shell' || cacheIsMounted(s.mounts, lists)) continue;
      const apt = invocations(s.commands).filter((i) => i.manager === 'apt');
      const update = apt.find((i) => i.subcommand === 'update');
      if (!update || s.commands.some((c) => removesCache(c, lists))) continue;
      const last = apt[apt.length - 1].command;
      const edit = appendCommand(model, run, s, statementEnd(s, last), lists.cleanCommand);
      reports.push({
        range: update.command.range,
        message: l10n.t(
          'The apt package lists downloaded here stay in the layer. Remove them in the same RUN: `&& rm -rf /var/lib/apt/lists/*`.',
        ),
        fixes: edit ? [{ title: l10n.t('Remove the apt lists in this RUN'), safe: true, edits: [edit] }] : [],
      });
    }
    return reports;
  },
};
