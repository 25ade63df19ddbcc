// The RUN instructions of a model with their parsed shell scripts (from the shell layer, parsed once per model).
import type { Instruction } from '../../../model/syntax/index';
import type { DockerfileModel } from '../../../model/dockerfileModel';
import { runBodyText, shellScriptOf, ShellCommand, ShellScript } from '../../../shell/index';

export interface ParsedRun {
  instruction: Instruction;
  script: ShellScript;
}

/**
 * RUN instructions whose raw body matches `prefilter` (cheap: most RUNs are never parsed by a rule that
 * looks for one word), with their scripts. Scripts for a non-POSIX SHELL are left out.
 */
export function parsedRuns(model: DockerfileModel, prefilter: RegExp): ParsedRun[] {
  const runs: ParsedRun[] = [];
  for (const instruction of model.instructions) {
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
