import type { Rule, Report } from '../rule';
import type { ShellCommand, ShellScript } from '../../shell/index';
import { parsedRuns } from './support/shellSupport';
import { PerScript } from '../perScript';
import * as l10n from '../../l10n';

interface Tool {
  prompting: Set<string>;
  yes: RegExp;
  alias: string;
  /** apt-get: quiet level 2 (`-qq`, `-q -q`, `--quiet --quiet`, `-q=2`) implies -y. */
  quietAnswers?: boolean;
}

const APT_PROMPTING = new Set([
  'install',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'remove',
  'purge',
  'autoremove',
  'build-dep',
  'reinstall',
]);

// Subcommands that ask "Do you want to continue? [Y/n]", and the options that answer it.
const TOOLS: Record<string, Tool> = {
  'apt-get': {
    prompting: APT_PROMPTING,
    yes: /^(-[a-zA-Z]*y[a-zA-Z]*|--yes|--assume-yes|--force-yes)$/,
    alias: 'DL3014',
    quietAnswers: true,
  },
  aptitude: {
    prompting: APT_PROMPTING,
    yes: /^(-[a-zA-Z]*y[a-zA-Z]*|--assume-yes)$/,
    alias: 'DL3014',
  },
  yum: {
    prompting: new Set(['install', 'update', 'upgrade', 'remove', 'erase', 'groupinstall', 'reinstall', 'downgrade', 'autoremove']),
    yes: /^(-[a-zA-Z]*y[a-zA-Z]*|--assumeyes)$/,
    alias: 'DL3030',
  },
  dnf: {
    // With dnf's abbreviations (`in`, `up`, `rei`, `up-min`), which prompt like the full subcommands.
    prompting: new Set([
      'install',
      'in',
      'localinstall',
      'update',
      'up',
      'upgrade',
      'upgrade-minimal',
      'up-min',
      'remove',
      'rm',
      'erase',
      'reinstall',
      'rei',
      'downgrade',
      'autoremove',
      'groupinstall',
    ]),
    yes: /^(-[a-zA-Z]*y[a-zA-Z]*|--assumeyes)$/,
    alias: 'DL3038',
  },
  zypper: {
    prompting: new Set(['install', 'in', 'remove', 'rm', 'update', 'up', 'patch', 'dist-upgrade', 'dup']),
    yes: /^(-n|--non-interactive|-y|--no-confirm)$/,
    alias: 'DL3034',
  },
};

/** apt's quiet level: each `-q` (also inside `-qq`) and `--quiet` adds one; `-q=N`/`--quiet=N` sets N. */
function quietLevel(words: readonly (string | undefined)[]): number {
  let level = 0;
  for (const word of words) {
    if (!word) continue;
    const set = /^(?:-q|--quiet)=(\d+)$/.exec(word);
    if (set) level = Number(set[1]);
    else if (word === '--quiet') level++;
    else if (/^-[a-zA-Z]+$/.test(word)) level += word.split('q').length - 1;
  }
  return level;
}

function prompts(command: ShellCommand): { tool: Tool; sub: ShellCommand['args'][number] } | undefined {
  const tool = TOOLS[command.name];
  if (!tool) return undefined;
  const sub = command.args.find((a) => a.value !== undefined && !a.value.startsWith('-'));
  if (!sub?.value || !tool.prompting.has(sub.value)) return undefined;
  if (command.args.some((a) => a.value !== undefined && tool.yes.test(a.value))) return undefined;
  if (tool.quietAnswers && quietLevel(command.args.map((a) => a.value)) >= 2) return undefined;
  return { tool, sub };
}

// hadolint DL3014, DL3030, DL3034, DL3038: without -y the package manager asks for confirmation; a build
// has no terminal, so the answer is "no" and the step fails (or hangs on some tools).
export const missingAssumeYes: Rule = {
  meta: {
    id: 'missing-assume-yes',
    aliases: ['DL3014', 'DL3030', 'DL3034', 'DL3038'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Pass -y to apt-get, yum, dnf and zypper commands that would ask for confirmation.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const { script } of parsedRuns(model, /\b(apt-get|aptitude|yum|dnf|zypper)\b/, { triggers: true })) {
      if (script.kind === 'shell') reports.push(...keptReports.of(script, reportsIn));
    }
    return reports;
  },
};

/** Read from the script alone, so kept per script across versions. */
const keptReports = new PerScript<Report[]>();

function reportsIn(script: ShellScript): Report[] {
  const reports: Report[] = [];
  for (const command of script.commands) {
    const found = prompts(command);
    if (!found) continue;
    const end = found.sub.range.end;
    const option = command.name === 'zypper' ? '--no-confirm' : '-y';
    reports.push({
      range: command.range,
      message: l10n.t("'{0} {1}' asks for confirmation, and a build cannot answer: add {2}.", command.name, found.sub.value ?? '', option),
      fixes: [{ title: l10n.t('Add {0}', option), safe: true, edits: [{ range: { start: end, end }, newText: ` ${option}` }] }],
    });
  }
  return reports;
}
