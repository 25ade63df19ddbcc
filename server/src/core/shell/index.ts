// The shell layer: what a RUN instruction runs, as plain data (see types.ts). Parsed lazily and once
// per model: the first rule that asks pays, every later one reads the memo.
import type { Instruction, Run, JSONInstruction } from '../model/syntax/index';
import { positionAt, DockerfileModel } from '../model/dockerfileModel';
import { parentStage, stageContaining } from '../model/stages';
import { runSource, runBodyStart, runHasHeredoc, RunSource } from './runSource';
import { CommandCollector, isolated } from './commands';
import { simpleCommands, simpleHeredocCommands } from './simpleScript';
import { parseBash, shellParserReady } from './parser';
import type { RunFlag, RunMount, ShellCommand, ShellScript, ShellWord } from './types';
import type { Range } from '../types';

export { initShellParser, compileShellParserModules, shellParserReady, scaleParseBudget } from './parser';
export type { ShellParserModules } from './parser';
export type * from './types';

const memo = new WeakMap<Instruction, ShellScript>();
/** Models whose RUNs `parseAll` has settled. */
const parsedModels = new WeakSet<DockerfileModel>();
/** The kept-parse key of each RUN settled through the kept parses (see below). */
const keyOf = new WeakMap<Instruction, { key: string; line: number }>();

/**
 * Parsed RUNs kept across document versions, so a keystroke re-parses only the RUNs it changed. The key is
 * everything a script depends on but its line: the column it starts at, the escape char, the SHELL in effect and
 * the instruction's text; not its offset, so typing above a RUN does not invalidate it. Under one key, one entry
 * per line the text was seen on (a file may repeat a RUN); a RUN the edit moved to another line takes an entry
 * this analysis has not used yet, its ranges moved (`movedScript`). Fast-path results are kept too: on a big file
 * their bookkeeping is most of a keystroke's shell work. Keys no analysis used in the last KEEP_GENERATIONS
 * parses go (a kept script holds on to its version's text), and at most MAX_KEPT_PARSES keys stay.
 */
const MAX_KEPT_PARSES = 20_000;
const KEEP_GENERATIONS = 8;
interface KeptParse {
  line: number;
  script: ShellScript;
  generation: number;
}
interface KeptRun {
  byLine: Map<number, KeptParse>;
  /** The last parse that used the key. */
  generation: number;
  /** The entries as the last parse found them, for the RUNs it finds moved (`spareAt`: the next to try). */
  spare?: KeptParse[];
  spareAt?: number;
}
/** In order of last use, oldest first. */
const keptParses = new Map<string, KeptRun>();
let generation = 0;

/**
 * The key each line's RUN had in the last parse. A RUN whose key is unchanged takes that very string again: a new
 * string of a whole RUN's text is hashed in full by the map lookup, a string already used keeps its hash (on the
 * 20,000-line file, hashing every RUN's text again was a tenth of a keystroke's shell work).
 */
let keysByLine = new Map<number, string>();
let nextKeysByLine = new Map<number, string>();

function keptParseKey(model: DockerfileModel, run: Instruction, shell: readonly string[]): { key: string; line: number } {
  const { span } = run;
  const at = positionAt(model, span.start);
  const prefix = `${at.character}:${model.escapeChar}:${shell.join('\u0000')}\u0000`;
  const text = model.text.slice(span.start, span.end);
  const previous = keysByLine.get(at.line);
  const key =
    previous !== undefined && previous.length === prefix.length + text.length && previous.startsWith(prefix) && previous.endsWith(text)
      ? previous
      : prefix + text;
  nextKeysByLine.set(at.line, key);
  return { key, line: at.line };
}

/** Marks `key` used by this parse (it moves to the end of the map). */
function touch(key: string, kept: KeptRun): void {
  if (kept.generation === generation) return;
  keptParses.delete(key);
  keptParses.set(key, kept);
  kept.generation = generation;
  kept.spare = undefined;
  kept.spareAt = undefined;
}

/**
 * Whether a RUN that already has a script (settled before this parse: an instruction a later model took over from
 * an earlier one, see parseSyntax, or one `needsShellParser` settled) has that script kept for its key and line, as
 * a fresh look-up would find it; marks it used. A script that was not kept (a parse that produced nothing) is not.
 */
function stillKept(instruction: Instruction): boolean {
  const at = keyOf.get(instruction);
  const kept = at && keptParses.get(at.key);
  const entry = kept?.byLine.get(at!.line);
  if (!kept || !entry || entry.script !== memo.get(instruction)) return false;
  touch(at!.key, kept);
  entry.generation = generation;
  return true;
}

/** A kept script for a RUN at `line`, moved there if it was parsed on another line; undefined if none is kept. */
function takeKept(key: string, line: number): ShellScript | undefined {
  const kept = keptParses.get(key);
  if (!kept) return undefined;
  touch(key, kept);
  const same = kept.byLine.get(line);
  if (same) {
    same.generation = generation;
    return same.script;
  }
  // The first entry this parse has not used (one walk per parse, however many RUNs of this text moved).
  kept.spare ??= [...kept.byLine.values()];
  kept.spareAt ??= 0;
  while (kept.spareAt < kept.spare.length) {
    const entry = kept.spare[kept.spareAt++];
    if (entry.generation === generation) continue;
    if (kept.byLine.get(entry.line) === entry) kept.byLine.delete(entry.line);
    entry.script = movedScript(entry.script, line - entry.line);
    entry.line = line;
    entry.generation = generation;
    kept.byLine.set(line, entry);
    return entry.script;
  }
  return undefined;
}

function keepParse(key: string, line: number, script: ShellScript): void {
  let kept = keptParses.get(key);
  if (!kept) keptParses.set(key, (kept = { byLine: new Map(), generation }));
  touch(key, kept);
  // A new entry: the key's entries no recent parse used go (a RUN repeated on lines that no longer hold it).
  for (const [from, entry] of kept.byLine) if (entry.generation < generation - KEEP_GENERATIONS) kept.byLine.delete(from);
  kept.byLine.set(line, { line, script, generation });
}

/** Drops what no recent analysis used (the map is in order of last use, oldest first). */
function evictKept(): void {
  for (const [key, kept] of keptParses) {
    if (kept.generation >= generation - KEEP_GENERATIONS && keptParses.size <= MAX_KEPT_PARSES) break;
    keptParses.delete(key);
  }
}

const movedRange = (range: Range, lines: number): Range => ({
  start: { line: range.start.line + lines, character: range.start.character },
  end: { line: range.end.line + lines, character: range.end.character },
});

/**
 * A kept word on the line its RUN moved to. Its range is worked out on first read, as the parser's words are (most
 * are never reported on); a word moved again wraps the original, so moves do not stack up.
 */
class MovedWord implements ShellWord {
  readonly text: string;
  readonly value: string | undefined;
  readonly #original: ShellWord;
  readonly #lines: number;
  #range: Range | undefined;

  constructor(word: ShellWord, lines: number) {
    this.#original = word instanceof MovedWord ? word.#original : word;
    this.#lines = word instanceof MovedWord ? word.#lines + lines : lines;
    this.text = word.text;
    this.value = word.value;
  }

  get range(): Range {
    return (this.#range ??= movedRange(this.#original.range, this.#lines));
  }

  toJSON(): { text: string; value: string | undefined; range: Range } {
    return { text: this.text, value: this.value, range: this.range };
  }
}

const movedWord = (word: ShellWord, lines: number): ShellWord => new MovedWord(word, lines);

/** The same script `lines` lines further down (up when negative). */
function movedScript(script: ShellScript, lines: number): ShellScript {
  return {
    ...script,
    flags: script.flags.map((flag) => ({ ...flag, range: movedRange(flag.range, lines) })),
    commands: script.commands.map((command) => ({
      ...command,
      nameWord: movedWord(command.nameWord, lines),
      args: command.args.map((word) => movedWord(word, lines)),
      range: movedRange(command.range, lines),
      ...(command.writes ? { writes: command.writes.map((word) => movedWord(word, lines)) } : {}),
    })),
    bodyRange: script.bodyRange && movedRange(script.bodyRange, lines),
  };
}

/** Forgets parses kept across versions (benchmarks measure cold analysis with it). */
export function forgetKeptParses(): void {
  keptParses.clear();
  keysByLine = new Map();
  nextKeysByLine = keysByLine;
}

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** Commands that change the state of the shell that runs them (directory, variables, options, traps…). */
export const STATEFUL_COMMANDS: ReadonlySet<string> = new Set([
  'cd',
  'pushd',
  'popd',
  'export',
  'declare',
  'typeset',
  'local',
  'readonly',
  'unset',
  'source',
  '.',
  'umask',
  'alias',
  'shopt',
  'trap',
  'set',
  'exec',
  'exit',
  'ulimit',
]);

const FOREIGN_SHELL = /(?:^|[\\/])(?:powershell|pwsh|cmd)(?:\.exe)?$/i;

/** SHELL instructions per stage index, collected once per model. */
const shellsByStage = new WeakMap<DockerfileModel, Map<number, Instruction[]>>();

function shellInstructions(model: DockerfileModel): Map<number, Instruction[]> {
  let map = shellsByStage.get(model);
  if (!map) {
    map = new Map();
    for (const stage of model.stages) {
      const shells = stage.instructions.filter((i) => i.getKeyword() === 'SHELL');
      if (shells.length) map.set(stage.index, shells);
    }
    shellsByStage.set(model, map);
  }
  return map;
}

/** The SHELL in effect for an instruction: the last SHELL before it in its stage or the stages it is built FROM. */
export function shellFor(model: DockerfileModel, instruction: Instruction): string[] {
  const shells = shellInstructions(model);
  if (shells.size === 0) return DEFAULT_SHELL;
  const line = instruction.getRange().start.line;
  const seen = new Set<number>();
  for (let stage = stageContaining(model, instruction); stage && !seen.has(stage.index); stage = parentStage(model, stage)) {
    seen.add(stage.index);
    const candidates = shells.get(stage.index) ?? [];
    for (let i = candidates.length - 1; i >= 0; i--) {
      if (candidates[i].getRange().start.line >= line) continue;
      const words = jsonWords(candidates[i] as JSONInstruction);
      if (words.length) return words;
    }
  }
  return DEFAULT_SHELL;
}

function jsonWords(instruction: JSONInstruction): string[] {
  return instruction.getJSONStrings().map((s) => s.getJSONValue());
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
    kind,
    flags,
    mounts: flags.filter((f) => f.name === 'mount').map((f) => parseMount(f.value)),
    commands: [],
    errexit: false,
    pipefail: false,
    hasSyntaxError: false,
    hasHeredoc: false,
    changesShellState: false,
    leaksShellState: false,
    hasComment: false,
    setsVariables: false,
    bodyRange: undefined,
    shell,
  };
}

function execScript(model: DockerfileModel, run: Run, script: ShellScript): ShellScript {
  const strings = (run as unknown as JSONInstruction).getJSONStrings();
  // Text as written (quotes included), value decoded by the syntax tree.
  const words = strings.map((s) => ({ text: model.text.slice(s.start, s.end), value: s.getJSONValue(), range: s.getRange() }));
  const [nameWord, ...args] = words;
  const range = { start: nameWord.range.start, end: words[words.length - 1].range.end };
  const command: ShellCommand = {
    name: nameWord.value ?? nameWord.text,
    nameWord,
    args,
    assignments: [],
    range,
    operatorAfter: undefined,
    nesting: [],
    statement: 0,
  };
  return { ...script, kind: 'exec', commands: [command], bodyRange: run.getArgumentsRange() ?? range };
}

/** A RUN whose body still has to go through the shell parser. */
interface Pending {
  run: Run;
  script: ShellScript;
  source: RunSource;
  bodyRange: Range;
}

/** Everything about a RUN that needs no shell parse; a Pending when its body must be parsed. */
function prepare(model: DockerfileModel, run: Run, fastPath = true, shell = shellFor(model, run)): ShellScript | Pending {
  const flags = flagsOf(run);
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
  const pending = { run, script, source, bodyRange };
  if (fastPath) {
    const collector = new CommandCollector(model, source);
    const simple = simpleCommands(source.text, collector);
    if (simple) {
      collector.commands.push(...simple);
      return finish(pending, collector, false);
    }
    const heredoc = source.hasHeredoc ? simpleHeredocCommands(source.text, collector) : undefined;
    if (heredoc) {
      collector.commands.push(...heredoc.commands);
      return finish(pending, collector, heredoc.hasSyntaxError);
    }
  }
  return pending;
}

/** The script as tree-sitter reads it, bypassing the plain-body fast path (for the equivalence test). */
export function shellScriptViaParser(model: DockerfileModel, run: Instruction): ShellScript {
  const prepared = prepare(model, run as Run, false);
  return 'source' in prepared ? parseAlone(model, prepared) : prepared;
}

function finish(pending: Pending, collector: CommandCollector | undefined, hasSyntaxError: boolean): ShellScript {
  const { script, source, bodyRange } = pending;
  if (!collector) return { ...script, hasSyntaxError: true, hasHeredoc: source.hasHeredoc, bodyRange };
  let { errexit, pipefail } = shellOptions(script.shell);
  for (const command of collector.commands) {
    if (command.name !== 'set' || command.nesting.length > 0) continue;
    const options = shellOptions(command.args.map((a) => a.value));
    errexit ||= options.errexit;
    pipefail ||= options.pipefail;
  }
  const changesShellState =
    collector.assignsVariables || collector.commands.some((c) => c.nesting.length === 0 && STATEFUL_COMMANDS.has(c.name));
  const leaksShellState =
    changesShellState ||
    collector.assignsNestedVariables ||
    collector.commands.some((c) => (STATEFUL_COMMANDS.has(c.name) && !isolated(c.nesting)) || c.nesting.includes('function'));
  return {
    ...script,
    commands: collector.commands,
    errexit,
    pipefail,
    hasSyntaxError,
    changesShellState,
    leaksShellState,
    hasComment: collector.hasComment,
    setsVariables: collector.assignsVariables || collector.assignsNestedVariables,
    hasHeredoc: source.hasHeredoc,
    bodyRange,
  };
}

function parseAlone(model: DockerfileModel, pending: Pending): ShellScript {
  const tree = parseBash(pending.source.text);
  if (!tree) return finish(pending, undefined, true);
  try {
    const collector = new CommandCollector(model, pending.source);
    collector.program(tree.rootNode);
    return finish(pending, collector, tree.rootNode.hasError);
  } finally {
    tree.delete();
  }
}

/** Blank lines end any statement, continuation or heredoc-free construct of the RUN before. */
const SEPARATOR = '\n\n';

/**
 * Settles a RUN without tree-sitter when a parse kept from an earlier version or the fast path can (memoised; the
 * fast path's result is kept too); otherwise returns what the parser must read and where to keep its parse.
 */
function settleWithoutParser(
  model: DockerfileModel,
  instruction: Instruction,
): { pending: Pending; kept: { key: string; line: number } } | undefined {
  const shell = shellFor(model, instruction);
  const kept = keptParseKey(model, instruction, shell);
  keyOf.set(instruction, kept);
  const reused = takeKept(kept.key, kept.line);
  if (reused) {
    memo.set(instruction, reused);
    return undefined;
  }
  const prepared = prepare(model, instruction as Run, true, shell);
  if ('source' in prepared) return { pending: prepared, kept };
  memo.set(instruction, prepared);
  keepParse(kept.key, kept.line, prepared);
  return undefined;
}

/**
 * Parses every RUN body of a model in one tree-sitter call (a call costs far more than its text), the
 * bodies separated by blank lines. A RUN whose syntax spills over that separator (an unclosed quote or
 * heredoc, a dangling `&&`) is parsed again on its own, so no RUN can change another's reading.
 */
function parseAll(model: DockerfileModel): void {
  generation++;
  const pending: Pending[] = [];
  const keys = new Map<Pending, { key: string; line: number }>();
  nextKeysByLine = new Map();
  for (const instruction of model.instructions) {
    if (instruction.getKeyword() !== 'RUN') continue;
    if (memo.has(instruction)) {
      if (stillKept(instruction)) continue;
      memo.delete(instruction);
    }
    const unsettled = settleWithoutParser(model, instruction);
    if (!unsettled) continue;
    keys.set(unsettled.pending, unsettled.kept);
    pending.push(unsettled.pending);
  }
  keysByLine = nextKeysByLine;
  evictKept();
  const settle = (p: Pending, script: ShellScript) => {
    memo.set(p.run, script);
    // Not kept: a parse that produced nothing (parser not ready, or out of time) may well succeed next time.
    const kept = keys.get(p)!;
    if (!(script.hasSyntaxError && script.commands.length === 0)) keepParse(kept.key, kept.line, script);
  };
  if (pending.length === 0) return;
  if (pending.length === 1) {
    settle(pending[0], parseAlone(model, pending[0]));
    return;
  }
  const starts: number[] = [];
  const parts: string[] = [];
  let length = 0;
  for (const p of pending) {
    starts.push(length);
    parts.push(p.source.text, SEPARATOR);
    length += p.source.text.length + SEPARATOR.length;
  }
  const text = parts.join('');
  const tree = parseBash(text, Math.max(250, text.length / 1000));
  if (!tree) {
    for (const p of pending) settle(p, finish(p, undefined, true));
    return;
  }
  try {
    const children = tree.rootNode.children;
    let c = 0;
    pending.forEach((p, k) => {
      const from = starts[k];
      const to = from + p.source.text.length;
      const mine: typeof children = [];
      let spills = false;
      while (c < children.length && children[c].endIndex <= from) c++;
      while (c < children.length && children[c].startIndex < to) {
        const node = children[c];
        if (node.endIndex > to || node.startIndex < from) {
          spills = true;
          break;
        }
        mine.push(node);
        c++;
      }
      if (spills) {
        settle(p, parseAlone(model, p));
        return;
      }
      const collector = new CommandCollector(model, p.source, from);
      collector.statements(mine);
      settle(
        p,
        finish(
          p,
          collector,
          mine.some((n) => n.hasError),
        ),
      );
    });
  } finally {
    tree.delete();
  }
}

/**
 * Whether a RUN of the model still needs tree-sitter once the fast path and the parses kept across versions have
 * had their go: a one-shot CLI run loads the parser (WebAssembly) only then. The RUNs settled here are memoised.
 */
export function needsShellParser(model: DockerfileModel): boolean {
  if (shellParserReady()) return false;
  for (const instruction of model.instructions) {
    if (instruction.getKeyword() !== 'RUN' || memo.has(instruction)) continue;
    if (settleWithoutParser(model, instruction)) return true;
  }
  return false;
}

/** The parsed body of a RUN instruction (all RUNs of the model are parsed on the first call). */
export function shellScriptOf(model: DockerfileModel, run: Instruction): ShellScript {
  // A model's first call settles all its RUNs, those it took over from an earlier model included.
  if (!parsedModels.has(model)) {
    parsedModels.add(model);
    parseAll(model);
  }
  let script = memo.get(run);
  // Not a RUN of this model's instruction list (an ONBUILD trigger): parsed alone.
  if (!script) {
    const prepared = prepare(model, run as Run);
    script = 'source' in prepared ? parseAlone(model, prepared) : prepared;
    memo.set(run, script);
  }
  return script;
}

/** Raw RUN body text after the flags (cheap; for prefilters before asking for the parsed script). */
export function runBodyText(model: DockerfileModel, run: Instruction): string {
  const start = runBodyStart(model, run as Run);
  return start === undefined ? '' : model.text.slice(start, run.span.end);
}

/** Whether a RUN carries a heredoc, without parsing its shell (a RUN that does is never merged with another). */
export function hasHeredoc(model: DockerfileModel, run: Instruction): boolean {
  return runHasHeredoc(model, run as Run);
}
