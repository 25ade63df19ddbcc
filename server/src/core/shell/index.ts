// The shell layer: what a RUN instruction runs, as plain data (see types.ts). Parsed lazily and once
// per model: the first rule that asks pays, every later one reads the memo.
import type { Instruction, Run, JSONInstruction } from 'dockerfile-ast';
import { offsetAt, positionAt, DockerfileModel } from '../model/dockerfileModel';
import { parentStage, stageContaining } from '../model/stages';
import { runSource, runBodyStart } from './runSource';
import { CommandCollector } from './commands';
import { parseBash } from './parser';
import type { RunFlag, RunMount, ShellCommand, ShellScript } from './types';

export { initShellParser, shellParserReady } from './parser';
export type * from './types';

const memo = new WeakMap<Instruction, ShellScript>();

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** Builtins whose effect outlives the command (cwd, variables, options, traps). */
const STATEFUL = new Set(['cd', 'pushd', 'popd', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'source', '.', 'umask', 'alias', 'shopt', 'trap', 'set', 'exec', 'exit', 'ulimit']);

const FOREIGN_SHELL = /(?:^|[\\/])(?:powershell|pwsh|cmd)(?:\.exe)?$/i;

/** The SHELL in effect for an instruction: the last SHELL before it in its stage or the stages it is built FROM. */
export function shellFor(model: DockerfileModel, instruction: Instruction): string[] {
  const line = instruction.getRange().start.line;
  const seen = new Set<number>();
  for (let stage = stageContaining(model, instruction); stage && !seen.has(stage.index); stage = parentStage(model, stage)) {
    seen.add(stage.index);
    for (let i = stage.instructions.length - 1; i >= 0; i--) {
      const candidate = stage.instructions[i];
      if (candidate.getKeyword() !== 'SHELL' || candidate.getRange().start.line >= line) continue;
      const words = jsonWords(model, candidate as JSONInstruction);
      if (words.length) return words;
    }
  }
  return DEFAULT_SHELL;
}

function jsonWords(model: DockerfileModel, instruction: JSONInstruction): string[] {
  return instruction.getJSONStrings().map((s) => {
    const range = s.getRange();
    const raw = model.text.slice(offsetAt(model, range.start), offsetAt(model, range.end));
    try { return String(JSON.parse(raw)); } catch { return raw.replace(/^"|"$/g, ''); }
  });
}

/** Reads `set`-style options (`-e`, `-eux`, `-o pipefail`, `-euo pipefail`) from a list of words. */
export function shellOptions(words: readonly (string | undefined)[]): { errexit: boolean; pipefail: boolean } {
  let errexit = false;
  let pipefail = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w || !/^-[a-zA-Z]+$/.test(w)) continue;
    if (w.includes('e')) errexit = true;
    if (w.includes('o')) {
      const option = words[i + 1];
      if (option === 'pipefail') pipefail = true;
      if (option === 'errexit') errexit = true;
      i++;
    }
  }
  return { errexit, pipefail };
}

export function parseMount(value: string | undefined): RunMount {
  const options: Record<string, string> = {};
  for (const part of (value ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) options[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
    else if (part.trim()) options[part.trim().toLowerCase()] = 'true';
  }
  const target = options.target ?? options.dst ?? options.destination;
  return { type: options.type ?? 'bind', target: target?.replace(/(.)\/+$/, '$1'), options };
}

function flagsOf(run: Run): RunFlag[] {
  return run.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() ?? undefined, range: f.getRange() }));
}

function emptyScript(kind: ShellScript['kind'], flags: RunFlag[], shell: string[]): ShellScript {
  return {
    kind, flags, mounts: flags.filter((f) => f.name === 'mount').map((f) => parseMount(f.value)), commands: [],
    errexit: false, pipefail: false, hasSyntaxError: false, hasHeredoc: false, changesShellState: false, bodyRange: undefined, shell,
  };
}

function execScript(model: DockerfileModel, run: Run, script: ShellScript): ShellScript {
  const strings = (run as unknown as JSONInstruction).getJSONStrings();
  // The JSON text of each string from the document: the parser's value loses the inner spaces.
  const words = strings.map((s) => {
    const range = s.getRange();
    const raw = model.text.slice(offsetAt(model, range.start), offsetAt(model, range.end));
    let value: string | undefined;
    try { value = String(JSON.parse(raw)); } catch { value = undefined; }
    return { text: raw, value, range: s.getRange() };
  });
  const [nameWord, ...args] = words;
  const range = { start: nameWord.range.start, end: words[words.length - 1].range.end };
  const command: ShellCommand = {
    name: nameWord.value ?? nameWord.text, nameWord, args, assignments: [], range,
    operatorAfter: undefined, nesting: [], statement: 0,
  };
  return { ...script, kind: 'exec', commands: [command], bodyRange: run.getArgumentsRange() ?? range };
}

function parseScript(model: DockerfileModel, run: Run): ShellScript {
  const flags = flagsOf(run);
  const shell = shellFor(model, run);
  const script = emptyScript('shell', flags, shell);
  const bodyStart = runBodyStart(model, run);
  if (bodyStart === undefined) return script;
  if (model.text.charCodeAt(bodyStart) === 91 /* [ */ && (run as unknown as JSONInstruction).getJSONStrings().length > 0) {
    return execScript(model, run, script);
  }
  const bodyRange = { start: positionAt(model, bodyStart), end: run.getRange().end };
  if (FOREIGN_SHELL.test(shell[0] ?? '')) return { ...script, kind: 'foreign', bodyRange };
  const source = runSource(model, run);
  if (!source) return script;
  if (source.interpreter) return { ...script, kind: 'foreign', hasHeredoc: true, bodyRange };
  const tree = parseBash(source.text);
  if (!tree) return { ...script, hasSyntaxError: true, hasHeredoc: source.hasHeredoc, bodyRange };
  try {
    const collector = new CommandCollector(model, source);
    collector.program(tree.rootNode);
    const fromShell = shellOptions(shell);
    let { errexit, pipefail } = fromShell;
    for (const command of collector.commands) {
      if (command.name !== 'set' || command.nesting.length > 0) continue;
      const options = shellOptions(command.args.map((a) => a.value));
      errexit ||= options.errexit;
      pipefail ||= options.pipefail;
    }
    const changesShellState = collector.assignsVariables
      || collector.commands.some((c) => c.nesting.length === 0 && STATEFUL.has(c.name));
    return {
      ...script, commands: collector.commands, errexit, pipefail, hasSyntaxError: tree.rootNode.hasError, changesShellState,
      hasHeredoc: source.hasHeredoc, bodyRange,
    };
  } finally {
    tree.delete();
  }
}

/** The parsed body of a RUN instruction (memoised per instruction, so per model). */
export function shellScriptOf(model: DockerfileModel, run: Instruction): ShellScript {
  let script = memo.get(run);
  if (!script) {
    script = parseScript(model, run as Run);
    memo.set(run, script);
  }
  return script;
}

/** Raw RUN body text after the flags (cheap; for prefilters before asking for the parsed script). */
export function runBodyText(model: DockerfileModel, run: Instruction): string {
  const start = runBodyStart(model, run as Run);
  return start === undefined ? '' : model.text.slice(start, offsetAt(model, run.getRange().end));
}
