// The RUN instructions of a model with their parsed shell scripts (from the shell layer, parsed once per model).
import type { Instruction } from '../../../model/syntax/index';
import type { DockerfileModel } from '../../../model/dockerfileModel';
import { runBodyText, shellScriptOf, ShellCommand, ShellScript } from '../../../shell/index';

export interface ParsedRun {
  instruction: Instruction;
  script: ShellScript;
}

export interface ParsedRunOptions {
  /**
   * Also the RUNs ONBUILD wraps (`ONBUILD RUN …`, as hadolint checks them), for rules about what the command
   * itself says. Their `instruction.onbuild` is set; a fix must stay inside the RUN's text.
   */
  triggers?: boolean;
}

/**
 * RUN instructions whose raw body matches `prefilter` (cheap: most RUNs are never parsed by a rule that
 * looks for one word), with their scripts. Scripts for a non-POSIX SHELL are left out.
 */
export function parsedRuns(model: DockerfileModel, prefilter: RegExp, options: ParsedRunOptions = {}): ParsedRun[] {
  const runs: ParsedRun[] = [];
  const instructions = options.triggers && model.triggers.length > 0 ? [...model.instructions, ...model.triggers] : model.instructions;
  for (const instruction of instructions) {
    if (instruction.getKeyword() !== 'RUN' || !prefilter.test(runBodyText(model, instruction))) continue;
    const script = shellScriptOf(model, instruction);
    if (script.kind !== 'foreign') runs.push({ instruction, script });
  }
  return runs;
}

/** The first argument that is not an option (`apt-get -q install` → install). */
export function subcommand(command: ShellCommand): string | undefined {
  return command.args.find((a) => a.value !== undefined && !a.value.startsWith('-'))?.value;
}
