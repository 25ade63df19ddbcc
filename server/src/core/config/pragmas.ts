// Suppressions written in the Dockerfile itself, read once per parsed model:
//   # hadolint ignore=DL3008,DL3009     / # layerwise ignore=<id>       the next instruction
//   # hadolint global ignore=DL3008     / # layerwise global ignore=<id> the whole file
//   # hadolint stage ignore=…          / # layerwise stage ignore=<id>  the rest of the stage
//   # check=skip=StageNameCasing,…;error=true                           BuildKit's parser directive
//   # check=skip=StageNameCasing  directly above an instruction          that instruction (BuildKit ≥ 0.27)
// The per-instruction pragma may be anywhere in the block of comment lines directly above the instruction.
import { positionAt, type DockerfileModel } from '../model/dockerfileModel';
import { splitRefs } from './ruleRefs';

export const PRAGMA = /^\s*#\s*(hadolint|layerwise)\s+(?:(global|stage)\s+)?ignore\s*=\s*([\w\s,.-]*?)\s*$/i;
const DIRECTIVE = /^\s*#\s*([a-zA-Z][\w-]*)\s*=\s*(.*?)\s*$/;

export interface BuildkitCheckDirective {
  /** Check names to skip, or 'all'. */
  skip: string[] | 'all';
  /** `error=true`: BuildKit fails the build on any check violation. */
  error: boolean;
}

export interface Pragmas {
  /** Start line of an instruction → rule references ignored for it. */
  byInstructionLine: Map<number, string[]>;
  /** Stage index → rule references ignored in the rest of that stage, from the pragma's line on. */
  byStage: Map<number, { fromLine: number; refs: string[] }[]>;
  global: string[];
  check: BuildkitCheckDirective | undefined;
}

/** The value of a `check=` directive: `skip=A,B;error=true`. */
function parseCheckValue(value: string): BuildkitCheckDirective {
  const result: BuildkitCheckDirective = { skip: [], error: false };
  // BuildKit's own tests write a reason after the value: `# check=skip=all // local to this instruction`.
  for (const part of value.replace(/\s+\/\/.*$/, '').split(';')) {
    const [key, setting = ''] = part.split('=').map((s) => s.trim());
    if (key.toLowerCase() === 'skip') result.skip = setting.toLowerCase() === 'all' ? 'all' : splitRefs(setting);
    else if (key.toLowerCase() === 'error') result.error = setting.toLowerCase() === 'true';
  }
  return result;
}

/**
 * BuildKit's `# check=` directive: only among the parser directives at the top of the file. Blank lines
 * before or between them do not end the directives (BuildKit's directive parser skips them).
 */
export function parseCheckDirective(lines: readonly string[]): BuildkitCheckDirective | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = i === 0 ? lines[0].replace(/^\uFEFF/, '') : lines[i];
    if (line.trim() === '') continue;
    const match = DIRECTIVE.exec(line);
    if (!match) return undefined;
    if (match[1].toLowerCase() !== 'check') continue;
    return parseCheckValue(match[2]);
  }
  return undefined;
}

/** The references an instruction-level `# check=skip=…` comment names ('all' stays 'all'). */
function instructionCheckSkips(text: string): string[] | undefined {
  const match = DIRECTIVE.exec(text);
  if (!match || match[1].toLowerCase() !== 'check') return undefined;
  const { skip } = parseCheckValue(match[2]);
  return skip === 'all' ? [CHECK_SKIP_ALL] : skip;
}

/** Stands for `skip=all` in an instruction's ignore list: every rule that covers a BuildKit check. */
export const CHECK_SKIP_ALL = 'check:all';

/**
 * Pragmas per model, with and without ignore comments: the analysis and ShellCheck's look-ups read the same model's
 * (the language server looks ShellCheck's results up twice per version; on a 20,000-line file a read is ~8 ms).
 */
const memo = { withComments: new WeakMap<DockerfileModel, Pragmas>(), withoutComments: new WeakMap<DockerfileModel, Pragmas>() };

/** `ignoreComments: false`: `# hadolint|layerwise [global|stage] ignore=` are not honoured (`disable-ignore-pragma`). */
export function parsePragmas(model: DockerfileModel, options: { ignoreComments?: boolean } = {}): Pragmas {
  const ignoreComments = options.ignoreComments !== false;
  const kept = ignoreComments ? memo.withComments : memo.withoutComments;
  let pragmas = kept.get(model);
  if (!pragmas) kept.set(model, (pragmas = readPragmas(model, ignoreComments)));
  return pragmas;
}

/**
 * The lines that hold `ignore` or `check`, in order: found with a search of the whole text, not line by line (a
 * line-by-line test of a 20,000-line file was most of a read, on every keystroke).
 */
function linesMentioningPragmas(model: DockerfileModel): number[] {
  const lines = new Set<number>();
  for (const word of ['ignore', 'check']) {
    for (let at = model.text.indexOf(word); at !== -1; at = model.text.indexOf(word, at + word.length))
      lines.add(positionAt(model, at).line);
  }
  return [...lines].sort((a, b) => a - b);
}

function readPragmas(model: DockerfileModel, ignoreComments: boolean): Pragmas {
  const pragmas: Pragmas = { byInstructionLine: new Map(), byStage: new Map(), global: [], check: parseCheckDirective(model.lines) };
  const candidates = linesMentioningPragmas(model);
  if (candidates.length === 0) return pragmas;
  // Lines inside heredoc bodies are script text, not Dockerfile comments.
  const heredocLines = new Set<number>();
  const instructionStarts = new Set<number>();
  for (const instruction of model.instructions) {
    const r = instruction.getRange();
    instructionStarts.add(r.start.line);
    if (r.end.line > r.start.line && /<<-?\s*["']?[A-Za-z_]/.test(model.lines[r.start.line])) {
      for (let l = r.start.line + 1; l <= r.end.line; l++) heredocLines.add(l);
    }
  }
  const stageStarts = model.stages.map((s) => s.from.getRange().start.line);
  const sortedStarts = [...instructionStarts].sort((a, b) => a - b);
  for (const line of candidates) {
    if (heredocLines.has(line)) continue;
    const text = model.lines[line];
    const match = ignoreComments ? PRAGMA.exec(text) : null;
    const checkSkips = match ? undefined : instructionCheckSkips(text);
    if (!match && !checkSkips?.length) continue;
    const refs = match ? splitRefs(match[3]) : (checkSkips ?? []);
    const scope = match?.[2]?.toLowerCase();
    if (scope === 'global') {
      pragmas.global.push(...refs);
      continue;
    }
    if (scope === 'stage') {
      // The stage of the next instruction: above a FROM, the pragma belongs to the stage that FROM starts.
      const nextStart = sortedStarts.find((l) => l > line) ?? line;
      let target = 0;
      stageStarts.forEach((start, index) => {
        if (start <= nextStart) target = index;
      });
      const list = pragmas.byStage.get(target) ?? [];
      list.push({ fromLine: line, refs });
      pragmas.byStage.set(target, list);
      continue;
    }
    // The instruction this comment block sits above.
    let next = line + 1;
    while (next < model.lines.length && /^\s*#/.test(model.lines[next]) && !instructionStarts.has(next)) next++;
    if (!instructionStarts.has(next)) continue;
    pragmas.byInstructionLine.set(next, [...(pragmas.byInstructionLine.get(next) ?? []), ...refs]);
  }
  return pragmas;
}
