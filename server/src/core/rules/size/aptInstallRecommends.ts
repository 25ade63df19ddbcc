// DL3015: without --no-install-recommends apt pulls "recommended" packages too, often doubling what lands.
import type { Rule } from '../rule';
import { hasOption, invocations } from '../../packages/invocation';
import { insertOptionAfter, runsMatching, script, SizeReport } from './support';
import { editable } from './support';
import * as l10n from '../../l10n';
import { PerScript } from '../perScript';
import type { ShellScript } from '../../shell/index';

export const aptInstallRecommends: Rule = {
  meta: {
    id: 'apt-install-recommends',
    aliases: ['DL3015'],
    severity: 'info',
    tags: ['size'],
    summary: '`apt-get install` without `--no-install-recommends` installs recommended packages the image rarely needs.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    for (const { run, inFinalImage } of runsMatching(model, /\bapt(-get)?\b[^\n]*\binstall\b/, { triggers: true })) {
      if (!inFinalImage) continue;
      reports.push(...keptReports.of(script(model, run), reportsIn));
    }
    return reports;
  },
};

/** Read from the script alone, so kept per script across versions. */
const keptReports = new PerScript<SizeReport[]>();

function reportsIn(s: ShellScript): SizeReport[] {
  const reports: SizeReport[] = [];
  for (const i of invocations(s.commands)) {
    if (i.manager !== 'apt' || i.toolWord.value?.endsWith('aptitude') || i.subcommand !== 'install' || !i.subcommandWord) continue;
    if (hasOption(i.words, '--no-install-recommends')) continue;
    if (i.words.some((w) => /Install-Recommends=(false|0|no)/i.test(w.value ?? ''))) continue;
    reports.push({
      range: i.command.range,
      message: l10n.t('`apt-get install` also installs recommended packages. Add `--no-install-recommends` and list what you need.'),
      fixes: !editable(s)
        ? []
        : [
            {
              title: l10n.t('Add --no-install-recommends'),
              safe: false,
              edits: [insertOptionAfter(s, i.subcommandWord, '--no-install-recommends')],
            },
          ],
    });
  }
  return reports;
}
