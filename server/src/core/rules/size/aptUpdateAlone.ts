// `apt-get update` in a RUN without the install it serves: the lists get cached in their own layer, and a
// later change to the install line reuses stale lists (installs fail or pull old versions).
import type { Rule } from '../rule';
import { invocations, isInstall, type PackageInvocation } from '../../packages/invocation';
import type { FixProposal } from '../../types';
import { commandLine, deleteInstruction, flagSignature, runsMatching, script, SizeReport } from './support';
import { mergeable, mergeIntoPrevious, plainChain } from './support/mergeRuns';
import * as l10n from '../../l10n';
import { PerScript } from '../perScript';
import type { ShellScript } from '../../shell/index';

export const aptUpdateAlone: Rule = {
  meta: {
    id: 'apt-update-alone',
    aliases: [],
    severity: 'warning',
    tags: ['cache', 'correctness'],
    summary: '`apt-get update` runs in a different RUN from the `apt-get install` it serves, so the install can use stale, cached lists.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    const runs = runsMatching(model, /\bapt(-get)?\b/);
    runs.forEach(({ run, stage, position }, k) => {
      const s = script(model, run);
      const update = keptLoneUpdate.of(s, loneUpdate);
      if (!update) return;
      const target = runs
        .slice(k + 1)
        .find((r) => r.stage === stage && invocations(script(model, r.run).commands).some((i) => i.manager === 'apt' && isInstall(i)));
      const fixes: FixProposal[] = [];
      if (target) {
        const st = script(model, target.run);
        const between = stage.instructions.slice(position + 1, target.position);
        const onlyUpdate = s.commands.every((c) => c === update.command);
        if (between.length === 0 && mergeable(model, run, s, target.run, st)) {
          fixes.push({
            title: l10n.t('Merge with the following apt-get install'),
            safe: true,
            edits: mergeIntoPrevious(model, run, target.run, st),
          });
        } else if (
          onlyUpdate &&
          !between.some((i) => i.getKeyword() === 'RUN') &&
          st.kind === 'shell' &&
          !st.hasHeredoc &&
          flagSignature(s) === flagSignature(st) &&
          st.commands.length > 0 &&
          plainChain(model, target.run, st)
        ) {
          // (Only before a plain && chain: in front of `install || true`, a failing update would no longer fail.)
          // Move the update down to the install, across the non-RUN instructions between them.
          fixes.push({
            title: l10n.t('Move apt-get update into the RUN that installs'),
            safe: false,
            edits: [
              deleteInstruction(model, run),
              {
                range: { start: st.commands[0].range.start, end: st.commands[0].range.start },
                newText: `${commandLine(update.command)} && `,
              },
            ],
          });
        }
      }
      reports.push({
        range: update.command.range,
        message: l10n.t(
          '`apt-get update` is not in the same RUN as an `apt-get install`: the cached lists go stale when the install line changes. Run them together: `apt-get update && apt-get install …`.',
        ),
        fixes,
      });
    });
    return reports;
  },
};

/** The RUN's `apt-get update` when the RUN installs nothing with apt; read from the script alone, so kept per script. */
const keptLoneUpdate = new PerScript<PackageInvocation | undefined>();

function loneUpdate(s: ShellScript): PackageInvocation | undefined {
  const apt = invocations(s.commands).filter((i) => i.manager === 'apt');
  const update = apt.find((i) => i.subcommand === 'update');
  return !update || apt.some((i) => isInstall(i)) ? undefined : update;
}
