// Shared by the size/cache rules: RUNs with their stage and parsed script, cheap prefilters, and the
// text edits their fixes are made of (append a command in the RUN's own continuation style, insert an
// option after a word, remove a command from an `&&` chain).
import type { Instruction, Run } from '../../../model/syntax/index';
import { offsetAt, positionAt, DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { reachesFinalImage, stageContaining } from '../../../model/stages';
import { shellScriptOf } from '../../../shell/index';
import type { ShellCommand, ShellScript, ShellWord } from '../../../shell/types';
import type { Position, Range, Severity, TextEdit } from '../../../types';
import type { Report } from '../../rule';

/** A report weaker than the rule's default (analyzeModel honours it unless the user set a severity). */
export interface SizeReport extends Report {
  severity?: Severity;
}

export interface StageRun {
  readonly stage: Stage;
  readonly run: Instruction;
  /** Index of the RUN among its stage's instructions. */
  readonly position: number;
  /** The stage's layers end up in the built image. */
  readonly inFinalImage: boolean;
}

/**
 * RUN instructions whose raw text matches `prefilter` (so unrelated RUNs are never shell-parsed). With `triggers`,
 * also the RUNs ONBUILD wraps (hadolint checks them): they run in every image built FROM this one, so their
 * layers count as final-image layers; `position` is then the ONBUILD's. Only for rules that read the RUN alone.
 */
export function runsMatching(model: DockerfileModel, prefilter?: RegExp, options: { triggers?: boolean } = {}): StageRun[] {
  const out: StageRun[] = [];
  for (const stageRun of stageRuns(model)) {
    if (!prefilter || prefilter.test(instructionText(model, stageRun.run))) out.push(stageRun);
  }
  if (options.triggers) {
    for (const trigger of model.triggers) {
      const stage = trigger.getKeyword() === 'RUN' && trigger.onbuild ? stageContaining(model, trigger.onbuild) : undefined;
      if (!stage || (prefilter && !prefilter.test(instructionText(model, trigger)))) continue;
      out.push({ stage, run: trigger, position: stage.instructions.indexOf(trigger.onbuild!), inFinalImage: true });
    }
  }
  return out;
}

const stageRunsOf = new WeakMap<DockerfileModel, readonly StageRun[]>();

/** Every RUN of the model's stages, made once per model and shared by the rules (read-only). */
function stageRuns(model: DockerfileModel): readonly StageRun[] {
  let runs = stageRunsOf.get(model);
  if (runs) return runs;
  const made: StageRun[] = [];
  for (const stage of model.stages) {
    const inFinalImage = reachesFinalImage(model, stage);
    stage.instructions.forEach((instruction, position) => {
      if (instruction.getKeyword() === 'RUN') made.push({ stage, run: instruction, position, inFinalImage });
    });
  }
  stageRunsOf.set(model, (runs = made));
  return runs;
}

export function instructionText(model: DockerfileModel, instruction: Instruction): string {
  return instruction.getTextContent();
}

export function script(model: DockerfileModel, run: Instruction): ShellScript {
  return shellScriptOf(model, run);
}

export function textOf(model: DockerfileModel, range: Range): string {
  return model.text.slice(offsetAt(model, range.start), offsetAt(model, range.end));
}

/** A command as one line of shell (words re-joined with single spaces; quoting kept as written). */
export function commandLine(command: ShellCommand): string {
  const prefix = command.assignments.map((a) => `${a.name}=${a.value}`);
  return [...prefix, command.nameWord.text, ...command.args.map((a) => a.text)].join(' ');
}

const insertAt = (position: Position, newText: string): TextEdit => ({ range: { start: position, end: position }, newText });

/** Fixes that edit inside a RUN body are only offered when the shell parsed it cleanly. */
export function editable(s: ShellScript): boolean {
  return !s.hasSyntaxError && (s.kind === 'shell' || s.kind === 'exec');
}

/** Inserts an option right after a word (`install` → `install --no-cache-dir`); JSON-aware for exec form. */
export function insertOptionAfter(s: ShellScript, word: ShellWord, option: string): TextEdit {
  return insertAt(word.range.end, s.kind === 'exec' ? `, ${JSON.stringify(option)}` : ` ${option}`);
}

/** The last top-level-statement command of the statement `command` belongs to. */
export function statementEnd(s: ShellScript, command: ShellCommand): ShellCommand {
  let last = command;
  for (const c of s.commands) {
    if (c.statement !== command.statement) continue;
    const e = c.range.end;
    if (e.line > last.range.end.line || (e.line === last.range.end.line && e.character > last.range.end.character)) last = c;
  }
  return last;
}

interface ContinuationStyle {
  multiline: boolean;
  leading: boolean;
  indent: string;
}

/** How the RUN continues its lines: `&& \` at line ends or `&&` at line starts, and the indentation. */
export function continuationStyle(model: DockerfileModel, run: Instruction): ContinuationStyle {
  const r = run.getRange();
  if (r.start.line === r.end.line) return { multiline: false, leading: false, indent: '    ' };
  let leading = 0,
    trailing = 0;
  let indent: string | undefined;
  for (let line = r.start.line + 1; line <= r.end.line; line++) {
    const text = model.lines[line] ?? '';
    if (/^\s*#/.test(text) || text.trim() === '') continue;
    indent ??= /^\s*/.exec(text)![0];
    if (/^\s*(&&|\|\||;)/.test(text)) leading++;
  }
  for (let line = r.start.line; line < r.end.line; line++) if (/(&&|\|\||;)\s*\S\s*$/.test(model.lines[line] ?? '')) trailing++;
  return { multiline: true, leading: leading > trailing, indent: indent || '    ' };
}

/**
 * Appends `&& <commandText>` after `after` (usually the end of a statement), in the RUN's style:
 * on one line for one-line RUNs and heredoc scripts, else on a new continuation line.
 */
export function appendCommand(
  model: DockerfileModel,
  run: Instruction,
  s: ShellScript,
  after: ShellCommand,
  commandText: string,
): TextEdit | undefined {
  // With a shell syntax error (an unclosed quote while typing) the end of a command is a guess.
  if (s.kind !== 'shell' || s.hasSyntaxError) return undefined;
  const style = continuationStyle(model, run);
  const escape = model.escapeChar;
  // Only a command that ends its line gets a new continuation line; `a && b \` mid-chain stays inline.
  const endsLine = textAfterOnLine(model, after.range.end).trim() === '';
  if (!style.multiline || s.hasHeredoc || !endsLine) return insertAt(after.range.end, ` && ${commandText}`);
  const nl = eol(model);
  const text = style.leading ? ` ${escape}${nl}${style.indent}&& ${commandText}` : ` && ${escape}${nl}${style.indent}${commandText}`;
  return insertAt(after.range.end, text);
}

/** The file's line terminator, so CRLF files stay CRLF. */
export function eol(model: DockerfileModel): string {
  return model.lineBreak;
}

function textAfterOnLine(model: DockerfileModel, p: Position): string {
  return (model.lines[p.line] ?? '').slice(p.character);
}

/**
 * Removes one command from an `&&`/`;` chain, with the operator that joins it (and the continuation
 * between them). Undefined when the command is nested or alone (the caller removes the instruction).
 */
export function removeCommand(s: ShellScript, command: ShellCommand): TextEdit | undefined {
  if (command.nesting.length > 0 || s.hasSyntaxError) return undefined;
  const index = s.commands.indexOf(command);
  const next = s.commands[index + 1];
  if ((command.operatorAfter === '&&' || command.operatorAfter === ';') && next && next.nesting.length === 0) {
    return { range: { start: command.range.start, end: next.range.start }, newText: '' };
  }
  const previous = s.commands[index - 1];
  if (
    previous &&
    previous.nesting.length === 0 &&
    (previous.operatorAfter === '&&' || previous.operatorAfter === ';') &&
    command.operatorAfter === undefined
  ) {
    return { range: { start: previous.range.end, end: command.range.end }, newText: '' };
  }
  return undefined;
}

/** Removes the whole lines of an instruction (its line break included). */
export function deleteInstruction(model: DockerfileModel, instruction: Instruction): TextEdit {
  const r = instruction.getRange();
  const startOffset = model.lineStarts[r.start.line];
  const nextLine = r.end.line + 1;
  const endOffset = nextLine < model.lineStarts.length ? model.lineStarts[nextLine] : model.text.length;
  return { range: { start: positionAt(model, startOffset), end: positionAt(model, endOffset) }, newText: '' };
}

/** The RUN's flags exactly as written, for comparing two RUNs (`--mount=…` order kept). */
export function flagSignature(s: ShellScript): string {
  return s.flags.map((f) => `--${f.name}=${f.value ?? ''}`).join(' ');
}

/** `flagSignature` of the RUN's script, read from the instruction's flags (no shell parse). */
export function runFlagSignature(run: Instruction): string {
  return (run as Run)
    .getFlags()
    .map((f) => `--${f.getName()}=${f.getValue() ?? ''}`)
    .join(' ');
}

export function isRm(command: ShellCommand): boolean {
  return command.name === 'rm' || command.name.endsWith('/rm');
}

/** Operands of an `rm` (not its options). */
export function rmTargets(command: ShellCommand): string[] {
  return command.args.map((a) => a.value).filter((v): v is string => v !== undefined && !v.startsWith('-'));
}
