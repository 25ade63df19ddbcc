import type { Rule, Report } from '../rule';
import { parsedRuns } from './support/shellSupport';
import * as l10n from '../../l10n';

// hadolint DL3046: useradd writes /var/log/lastlog and faillog as sparse files sized by the UID; image
// layers store them in full, so `useradd -u 1000000` adds hundreds of megabytes. `-l` skips lastlog.
export const useraddHighUid: Rule = {
  meta: {
    id: 'useradd-high-uid',
    aliases: ['DL3046'],
    severity: 'warning',
    tags: ['size'],
    summary: '`useradd` with a high UID needs `-l` (--no-log-init), or lastlog bloats the image.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\buseradd\b/, { triggers: true })) {
      for (const command of script.commands) {
        if (command.name !== 'useradd') continue;
        const words = command.args.map((a) => a.value ?? '');
        if (words.some((w) => w === '-l' || w === '--no-log-init' || (/^-[a-zA-Z]*l[a-zA-Z]*$/.test(w) && !w.startsWith('--')))) continue;
        let uid: string | undefined;
        words.forEach((w, i) => {
          if (w === '-u' || w === '--uid') uid = words[i + 1];
          else if (w.startsWith('--uid=')) uid = w.slice(6);
          else if (/^-u\d+$/.test(w)) uid = w.slice(2);
        });
        if (!uid || !/^\d+$/.test(uid) || Number(uid) < 65536) continue;
        const end = command.nameWord.range.end;
        reports.push({
          range: command.range,
          message: l10n.t(
            'useradd -u {0} without -l writes a {1} MB sparse lastlog that the layer stores in full. Add -l (--no-log-init).',
            uid,
            Math.round((Number(uid) * 292) / 1e6),
          ),
          fixes: [{ title: l10n.t('Add -l (--no-log-init)'), safe: true, edits: [{ range: { start: end, end }, newText: ' -l' }] }],
        });
      }
    }
    return reports;
  },
};
