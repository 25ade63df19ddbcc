// The script ShellCheck reads for one shell-form RUN, as hadolint builds it: a `#!` line for the shell in
// effect, `export NAME=1` for every ARG and ENV name in scope (so ShellCheck knows they are set), then the
// text the shell runs (continuations joined, heredocs as written: shell/runSource.ts). `lineOrigin` maps
// each line of the script back to the RUN's text, so a finding lands at its exact place in the Dockerfile.
import { createHash } from 'node:crypto';
import type { DockerfileModel, Stage } from '../model/dockerfileModel';
import type { Instruction, JSONInstruction, PropertyInstruction, Run } from '../model/syntax/index';
import { parentStage } from '../model/stages';
import { runBodyStart, runSource, type RunSource } from '../shell/runSource';
import { shellFor } from '../shell/index';

export interface ShellcheckScript {
  run: Instruction;
  /** What ShellCheck reads (built on demand: only scripts not checked yet need it). */
  readonly text: string;
  /** A digest of `key`, for looking results up (kept across versions with the RUN's body). */
  readonly digest: string;
  /** Offset in `source.text` where a script line (1-based) starts, or -1 for a line we added (shebang, exports). */
  lineOrigin(line: number): number;
  source: RunSource;
  /** Identifies the script's content: equal keys get equal ShellCheck results. */
  key: string;
}

// Shells ShellCheck reads (POSIX sh and its relatives); others (pwsh, cmd, zsh, fish) are not checked.
const CHECKED_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** The `#!` line for a SHELL's words, or undefined when ShellCheck cannot check that shell. */
export function shebangFor(shell: readonly string[]): string | undefined {
  const [program = '', next = ''] = shell;
  const name = basename(program);
  // `["/usr/bin/env", "bash", "-c"]` and `["/bin/busybox", "sh", "-c"]` name the shell in their second word.
  if (name === 'env' || name === 'busybox') return CHECKED_SHELLS.has(basename(next)) ? `#!${program} ${next}` : undefined;
  return CHECKED_SHELLS.has(name) ? `#!${program}` : undefined;
}

function declaredNames(instruction: Instruction, into: Set<string>): void {
  const keyword = instruction.getKeyword();
  if (keyword !== 'ARG' && keyword !== 'ENV') return;
  for (const property of (instruction as PropertyInstruction).getProperties()) {
    const name = property.getName();
    if (NAME.test(name)) into.add(name);
  }
}

/** ENV names a stage ends with, its parents' included (ENV is inherited through `FROM <stage>`; ARG is not). */
function inheritedEnv(model: DockerfileModel, stage: Stage | undefined, seen = new Set<Stage>()): Set<string> {
  const names = new Set<string>();
  const parent = stage && parentStage(model, stage);
  if (!parent || seen.has(parent)) return names;
  seen.add(parent);
  for (const name of inheritedEnv(model, parent, seen)) names.add(name);
  for (const instruction of parent.instructions) if (instruction.getKeyword() === 'ENV') declaredNames(instruction, names);
  return names;
}

/** The `export NAME=1` lines for a scope, shared by the RUNs of that scope. */
interface Exports {
  text: string;
  lines: number;
}

/** ARG and ENV names in scope at each RUN of a stage, in one pass: the stage's declarations so far and its parents' ENV. */
function runsWithScope(model: DockerfileModel, stage: Stage): { run: Instruction; exports: Exports }[] {
  const names = inheritedEnv(model, stage);
  const runs: { run: Instruction; exports: Exports }[] = [];
  // In declaration order, appended as names appear: sorting per RUN was the cost on files with hundreds of ARGs.
  let exports: Exports = { text: [...names].map((name) => `export ${name}=1\n`).join(''), lines: names.size };
  for (const instruction of stage.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'ARG' || keyword === 'ENV') {
      const before = names.size;
      const added = new Set<string>();
      declaredNames(instruction, added);
      let text = exports.text;
      for (const name of added)
        if (!names.has(name)) {
          names.add(name);
          text += `export ${name}=1\n`;
        }
      if (names.size !== before) exports = { text, lines: names.size };
    } else if (keyword === 'RUN') runs.push({ run: instruction, exports });
  }
  return runs;
}

function lineStarts(text: string, from = 0): number[] {
  const starts = [from];
  for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** What a RUN's own text decides about its script: the shebang (its own, for `RUN <<EOF` naming a shell) and body. */
interface RunBody {
  shebang: string;
  /** The script's text after the shebang and exports: `source.text` from `bodyFrom`. */
  body: string;
  bodyFrom: number;
}

/** The body of a RUN under the shell in effect, or undefined when ShellCheck has nothing to read. */
function bodyOf(model: DockerfileModel, run: Instruction, stageShebang: string): RunBody | undefined {
  const start = runBodyStart(model, run as Run);
  if (start === undefined) return undefined;
  if (model.text.charCodeAt(start) === 91 /* [ */ && (run as unknown as JSONInstruction).getJSONStrings().length > 0) return undefined;
  const source = runSource(model, run as Run);
  if (!source || source.interpreter !== undefined || source.text.trim() === '') return undefined;
  // `RUN <<EOF` whose script names its own shell on its first line: that line is the script's shebang.
  if (source.text.startsWith('#!')) {
    const end = source.text.indexOf('\n');
    const own = source.text.slice(0, end === -1 ? undefined : end).replace(/\r$/, '');
    if (!shebangFor(own.slice(2).trim().split(/\s+/))) return undefined;
    const bodyFrom = end === -1 ? source.text.length : end + 1;
    return { shebang: own, body: source.text.slice(bodyFrom), bodyFrom };
  }
  return { shebang: stageShebang, body: source.text, bodyFrom: 0 };
}

/**
 * Bodies kept across document versions, under the RUN's text, the escape char and the stage's shebang (all a body
 * depends on), with the digest of each script built from them (per names in scope): on a 20,000-line file, building
 * every RUN's shell text (`runSource`) and hashing it again on each version was most of the language server's
 * ShellCheck look-up. Entries no look-up used in the last KEEP_GENERATIONS go (a body may hold on to its version's
 * text), and at most MAX_KEPT_BODIES stay.
 */
const KEEP_GENERATIONS = 8;
const MAX_KEPT_BODIES = 20_000;
interface KeptBody {
  body: RunBody | undefined;
  generation: number;
  digests?: Map<string, string>;
}
/** In order of last use, oldest first. */
const keptBodies = new Map<string, KeptBody>();
let generation = 0;

function keptBody(model: DockerfileModel, run: Instruction, stageShebang: string): KeptBody {
  const key = `${model.escapeChar}${stageShebang}\u0000${model.text.slice(run.span.start, run.span.end)}`;
  let kept = keptBodies.get(key);
  if (kept) keptBodies.delete(key);
  else kept = { body: bodyOf(model, run, stageShebang), generation };
  kept.generation = generation;
  keptBodies.set(key, kept);
  return kept;
}

function evictBodies(): void {
  for (const [key, kept] of keptBodies) {
    if (kept.generation >= generation - KEEP_GENERATIONS && keptBodies.size <= MAX_KEPT_BODIES) break;
    keptBodies.delete(key);
  }
}

/** Forgets the bodies kept across versions (tests compare with scripts built from scratch). */
export function forgetKeptScripts(): void {
  keptBodies.clear();
}

/** The script of a RUN, or undefined when ShellCheck has nothing to read (exec form, foreign shell, empty RUN). */
function scriptOf(model: DockerfileModel, run: Instruction, exports: Exports): ShellcheckScript | undefined {
  const stageShebang = shebangFor(shellFor(model, run));
  if (!stageShebang) return undefined;
  const kept = keptBody(model, run, stageShebang);
  if (!kept.body) return undefined;
  const { shebang, body, bodyFrom } = kept.body;
  const header = `${shebang}\n${exports.text}`;
  let source: RunSource | undefined;
  let starts: number[] | undefined;
  let text: string | undefined;
  return {
    run,
    // Built again only for scripts ShellCheck has comments on (their places in the Dockerfile).
    get source() {
      return (source ??= runSource(model, run as Run)!);
    },
    // The key is the text ShellCheck reads: equal texts get equal results.
    get key() {
      return this.text;
    },
    get digest() {
      kept.digests ??= new Map();
      let digest = kept.digests.get(exports.text);
      if (digest === undefined) kept.digests.set(exports.text, (digest = createHash('sha1').update(this.text).digest('base64')));
      return digest;
    },
    get text() {
      return (text ??= header + body);
    },
    lineOrigin(line) {
      if (line === 1) return bodyFrom > 0 ? 0 : -1;
      if (line <= 1 + exports.lines) return -1;
      starts ??= lineStarts(this.source.text, bodyFrom);
      return starts[line - 2 - exports.lines] ?? -1;
    },
  };
}

const memo = new WeakMap<DockerfileModel, ShellcheckScript[]>();

/** The scripts of every RUN ShellCheck can read, once per model (the language server asks again when results arrive). */
export function shellcheckScripts(model: DockerfileModel): ShellcheckScript[] {
  let scripts = memo.get(model);
  if (!scripts) {
    scripts = [];
    generation++;
    for (const stage of model.stages)
      for (const { run, exports } of runsWithScope(model, stage)) {
        const script = scriptOf(model, run, exports);
        if (script) scripts.push(script);
      }
    memo.set(model, scripts);
    evictBodies();
  }
  return scripts;
}
