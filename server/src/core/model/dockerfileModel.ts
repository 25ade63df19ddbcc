// The one parsed model of a Dockerfile text. Built once per document version and shared by every rule,
// the code actions, hovers and the layer lenses, so nothing parses the same text twice. RUN bodies are
// shell-parsed lazily, once per model (see shell/index.ts `shellScriptOf`). The syntax tree is our own
// (./syntax): one scan of the text, everything else read lazily from offsets.
import { parseSyntax, lineStartOffsets, From as FromInstruction, createInstruction } from './syntax/index';
import type { DockerfileSyntax, Instruction, From } from './syntax/index';
import type { Position } from '../types';

export { lineStartOffsets };

export interface Stage {
  /** 0-based index, as `COPY --from=<index>` counts. */
  index: number;
  /** Name from `FROM … AS name`, lower-cased as BuildKit compares it; undefined when unnamed. */
  name?: string;
  from: From;
  /** All instructions of the stage, FROM included, in file order. */
  instructions: Instruction[];
  /**
   * A file without any FROM is still linted as hadolint does: its instructions form one implicit stage whose
   * `from` is an empty FROM at the start of the text (no image, zero-length range; not in `model.instructions`).
   */
  implicit?: true;
}

export interface DockerfileModel {
  text: string;
  /** Lines without their line terminators. */
  lines: string[];
  /** Offset in `text` where each line starts (`\r\n`, `\r` and `\n` end lines, as the parser counts them). */
  lineStarts: number[];
  syntax: DockerfileSyntax;
  /** Instructions in file order, across all stages (ARGs before the first FROM included). */
  instructions: Instruction[];
  /**
   * The instructions ONBUILD wraps, read as themselves (`ONBUILD RUN apt-get …` → that RUN, with its own flags,
   * heredocs and ranges), each with `onbuild` set to its ONBUILD. Not in `instructions` nor in any stage's list:
   * they run in the images built FROM this one, so only rules about what an instruction itself says read them.
   */
  triggers: Instruction[];
  stages: Stage[];
  /** The stage whose files make up the built image when no --target is given. */
  finalStage: Stage | undefined;
  /** The line break new lines should use: the file's first one (`\r\n` or `\n`). */
  lineBreak: string;
  /** The parser's escape character (`\` unless a `# escape=` directive says otherwise). */
  escapeChar: string;
}

/** Offset of a position in the text, clamped to the line's end and the text's end. */
export function offsetAt(model: Pick<DockerfileModel, 'text' | 'lineStarts'>, position: Position): number {
  const { lineStarts, text } = model;
  if (position.line >= lineStarts.length) return text.length;
  const next = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : text.length;
  return Math.min(lineStarts[position.line] + position.character, next);
}

/** Position of an offset in the text (the syntax tree's line index, which remembers the last line it found). */
export function positionAt(model: Pick<DockerfileModel, 'syntax'>, offset: number): Position {
  return model.syntax.source.positionAt(offset);
}

/** The file's own line terminator (its first one), so fixes keep CRLF files CRLF. */
function firstLineBreak(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

/** ONBUILD may not wrap these (a syntax error), so they are not read as triggers. */
const NOT_TRIGGERS = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

function onbuildTriggers(syntax: DockerfileSyntax): Instruction[] {
  const triggers: Instruction[] = [];
  for (const onbuild of syntax.instructions) {
    if (onbuild.getKeyword() !== 'ONBUILD') continue;
    const keyword = onbuild.getArguments()[0];
    if (!keyword || NOT_TRIGGERS.has(keyword.getValue().toUpperCase()) || !/^[A-Za-z]+$/.test(keyword.getValue())) continue;
    const { lineEnd, end } = onbuild.span;
    const trigger = createInstruction(syntax.source, { start: keyword.start, keywordEnd: keyword.end, lineEnd, end });
    trigger.onbuild = onbuild;
    triggers.push(trigger);
  }
  return triggers;
}

/**
 * `previous`: the model of an earlier version of the same document; the instructions before the first changed
 * character are taken over from it (see parseSyntax), with everything rules already read from them.
 */
export function parseDockerfile(text: string, previous?: DockerfileModel): DockerfileModel {
  const lineStarts = lineStartOffsets(text);
  const syntax = parseSyntax(text, lineStarts, previous?.syntax);
  const instructions = syntax.instructions;
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      const name = from.getBuildStage() ?? undefined;
      stages.push({ index: stages.length, name: name?.toLowerCase(), from, instructions: [instruction] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  if (stages.length === 0 && instructions.some((i) => i.getKeyword() !== 'ARG')) {
    const from = new FromInstruction(syntax.source, { start: 0, keywordEnd: 0, lineEnd: 0, end: 0 }, 'FROM');
    stages.push({ index: 0, from, instructions: [from, ...instructions], implicit: true });
  }
  return {
    text,
    lines: text.split(/\r\n|\r|\n/),
    lineStarts,
    syntax,
    instructions,
    triggers: onbuildTriggers(syntax),
    stages,
    finalStage: stages[stages.length - 1],
    escapeChar: syntax.escapeChar,
    lineBreak: firstLineBreak(text),
  };
}
