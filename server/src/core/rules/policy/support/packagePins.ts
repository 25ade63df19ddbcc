// Shared by the version-pinning rules (hadolint DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041,
// DL3062): the package operands of an install command, and which of them carry no version.
import type { DockerfileModel } from '../../../model/dockerfileModel';
import type { ShellCommand, ShellWord } from '../../../shell/index';
import type { Report } from '../../rule';
import { parsedRuns } from '../../correctness/support/shellSupport';

export interface PinSpec {
  /** Command names (basename; `/usr/bin/pip3` is `pip3`). */
  managers: RegExp;
  /** The subcommands that install packages (`install`, `add`…). */
  installs: ReadonlySet<string>;
  /** Options that take the next word as their value (`-t release`), so that word is not a package. */
  valueOptions: ReadonlySet<string>;
  /** Whether a package operand names a version (or is a file, path or URL, which pins itself). */
  pinned(operand: string): boolean;
  /** Some managers pin every operand with one option (`gem install x -v 1.2`). */
  pinsAll?(command: ShellCommand): boolean;
  /** The words after the manager's name, for invocations like `python -m pip`; default: all args. */
  argsOf?(command: ShellCommand): ShellWord[] | undefined;
}

const basename = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/** Local files, paths and URLs: nothing to pin, the file is what it is. */
export function isPathOrUrl(operand: string): boolean {
  return /^(\.{0,2}\/|~)/.test(operand) || operand === '.' || /^[a-z][a-z0-9+.-]*:\/\//i.test(operand);
}

/** The unversioned package words of one command, or [] when it installs nothing. */
export function unpinnedOperands(command: ShellCommand, spec: PinSpec): ShellWord[] {
  if (!spec.managers.test(basename(command.name))) return [];
  const args = spec.argsOf ? spec.argsOf(command) : command.args;
  if (!args) return [];
  if (spec.pinsAll?.(command)) return [];
  const operands: ShellWord[] = [];
  let subcommandSeen = false;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === undefined) continue; // `$PKG`, `pkg=$VERSION`: what it expands to is not in the file
    if (value.startsWith('-')) {
      if (!value.includes('=') && spec.valueOptions.has(value)) i++;
      continue;
    }
    if (!subcommandSeen) {
      if (!spec.installs.has(value)) return [];
      subcommandSeen = true;
      continue;
    }
    if (!spec.pinned(value)) operands.push(args[i]);
  }
  return operands;
}

/** One report per install command with unversioned packages, over the first to the last of them. */
export function unpinnedReports(model: DockerfileModel, prefilter: RegExp, spec: PinSpec, message: (names: string) => string): Report[] {
  const reports: Report[] = [];
  for (const { script } of parsedRuns(model, prefilter)) {
    for (const command of script.commands) {
      const words = unpinnedOperands(command, spec);
      if (words.length === 0) continue;
      reports.push({
        range: { start: words[0].range.start, end: words[words.length - 1].range.end },
        message: message(words.map((w) => w.value).join(', ')),
      });
    }
  }
  return reports;
}
