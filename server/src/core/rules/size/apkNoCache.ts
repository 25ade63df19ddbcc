// DL3019: `apk add` without --no-cache stores the package index in /var/cache/apk. With --no-cache,
// a preceding `apk update` and a trailing `rm -rf /var/cache/apk/*` become needless, so the fix drops them.
import type { Rule } from '../rule';
import { hasOption, invocations } from '../../packages/invocation';
import { CACHES, cacheIsMounted, removesCache } from '../../packages/caches';
import type { TextEdit } from '../../types';
import { insertOptionAfter, isRm, removeCommand, rmTargets, runsMatching, script, SizeReport } from './support';
import { editable } from './support';
import { isUnder } from '../../packages/caches';
import * as l10n from '../../l10n';
import { PerScript } from '../perScript';
import type { ShellScript } from '../../shell/index';

const apkCache = CACHES['apk-cache'];

export const apkNoCache: Rule = {
  meta: {
    id: 'apk-no-cache',
    aliases: ['DL3019'],
    severity: 'warning',
    tags: ['size'],
    summary:
      '`apk add` without `--no-cache` (or with `apk update` and a later `rm -rf /var/cache/apk/*`) keeps or works around the apk cache.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    for (const { run, inFinalImage } of runsMatching(model, /\bapk\b/, { triggers: true })) {
      if (inFinalImage) reports.push(...keptReports.of(script(model, run), reportsIn));
    }
    return reports;
  },
};

/** Read from the script alone, so kept per script across versions. */
const keptReports = new PerScript<SizeReport[]>();

function reportsIn(s: ShellScript): SizeReport[] {
  const reports: SizeReport[] = [];
  if (cacheIsMounted(s.mounts, apkCache)) return reports;
  const apk = invocations(s.commands).filter((i) => i.manager === 'apk');
  const adds = apk.filter((i) => i.subcommand === 'add' && i.subcommandWord && !hasOption(i.words, '--no-cache'));
  if (adds.length === 0) return reports;
  // With --no-cache on every add, `apk update` and removing /var/cache/apk only cost time.
  const needless: TextEdit[] = [];
  const removable = [
    ...apk.filter((i) => i.subcommand === 'update' && i.operands.length === 0).map((i) => i.command),
    ...s.commands.filter(
      (c) => isRm(c) && removesCache(c, apkCache) && rmTargets(c).every((t) => apkCache.paths.some((p) => isUnder(t, p))),
    ),
  ];
  for (const command of removable) {
    const edit = removeCommand(s, command);
    if (edit) needless.push(edit);
  }
  adds.forEach((add, n) => {
    const edits = [insertOptionAfter(s, add.subcommandWord!, '--no-cache'), ...(n === 0 ? needless : [])];
    reports.push({
      range: add.command.range,
      message: l10n.t(
        '`apk add` keeps the package index in /var/cache/apk. Use `apk add --no-cache` (no `apk update` or cache cleanup needed).',
      ),
      fixes: !editable(s)
        ? []
        : [
            {
              title: n === 0 && needless.length ? l10n.t('Use apk add --no-cache and drop the update/cleanup') : l10n.t('Add --no-cache'),
              safe: true,
              edits,
            },
          ],
    });
  });
  return reports;
}
