import type { Rule, Report } from '../rule';
import type { FixProposal, Range } from '../../types';
import { byKeyword } from './support';
import { inheritsInstruction } from '../../model/stages';
import * as l10n from '../../l10n';

// Characters the shell interprets: a command containing them needs `sh -c`, so exec form would change it.
const SHELL_SYNTAX = /[$|&;<>*?'"\\`(){}[\]~#!=]/;

function toJson(words: string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

// BuildKit's JSONArgsRecommended / hadolint DL3025: shell-form CMD and ENTRYPOINT run under `/bin/sh -c`,
// which does not forward SIGTERM, so `docker stop` waits 10 s and then kills the process.
// Also catches `CMD ['a', 'b']`: single quotes are not JSON, so Docker runs that text as a shell command.
export const jsonArgsRecommended: Rule = {
  meta: {
    id: 'json-args-recommended',
    aliases: ['JSONArgsRecommended', 'DL3025'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Write CMD and ENTRYPOINT in JSON (exec) form so the process receives signals.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      // With an explicit SHELL (own or from the stage it is built FROM) the author chose shell form on purpose
      // (BuildKit skips these too).
      const isShell = (i: { getKeyword(): string }) => i.getKeyword() === 'SHELL';
      if (stage.instructions.some(isShell) || inheritsInstruction(model, stage, isShell)) continue;
      for (const instruction of byKeyword(stage.instructions, 'CMD', 'ENTRYPOINT')) {
        const args = instruction.getArguments();
        if (args.length === 0) continue;
        const keyword = instruction.getKeyword();
        const range: Range = { start: args[0].getRange().start, end: args[args.length - 1].getRange().end };
        const raw = args.map((a) => a.getValue()).join(' ');
        if (raw.startsWith('[')) {
          const single = /^\[\s*'.*'\s*\]$/s.exec(raw);
          if (!single) continue;
          const words = [...raw.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]);
          reports.push({
            range,
            message: l10n.t(
              '{0} uses single quotes, which are not JSON: Docker runs this text with /bin/sh -c as a shell command. Use double quotes.',
              keyword,
            ),
            fixes: [{ title: l10n.t('Use double quotes (JSON form)'), safe: false, edits: [{ range, newText: toJson(words) }] }],
          });
          continue;
        }
        const fixes: FixProposal[] = [];
        const words = args.map((a) => a.getValue());
        if (range.start.line === range.end.line && !words.some((w) => SHELL_SYNTAX.test(w))) {
          fixes.push({
            title: l10n.t('Convert to JSON form: {0} {1}', keyword, toJson(words)),
            safe: false,
            edits: [{ range, newText: toJson(words) }],
          });
        }
        reports.push({
          range,
          message: l10n.t(
            '{0} in shell form runs under /bin/sh -c, which does not pass SIGTERM on: `docker stop` waits 10 s, then kills. Use JSON form, e.g. {0} ["executable", "arg"].',
            keyword,
          ),
          fixes,
        });
      }
    }
    return reports;
  },
};
