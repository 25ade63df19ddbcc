// The one parsed model of a Dockerfile text. Built once per document version and shared by every rule,
// the code actions, hovers and the layer lenses, so nothing parses the same text twice. RUN bodies are
// shell-parsed lazily, once per model (see shell/index.ts `shellScriptOf`).
import { DockerfileParser, Dockerfile, Instruction, From } from 'dockerfile-ast';
import type { Position } from '../types';

export interface Stage {
  /** 0-based index, as `COPY --from=<index>` counts. */
  index: number;
  /** Name from `FROM … AS name`, lower-cased as BuildKit compares it; undefined when unnamed. */
  name?: string;
  from: From;
  /** All instructions of the stage, FROM included, in file order. */
  instructions: Instruction[];
}

export interface DockerfileModel {
  text: string;
  /** Lines without their line terminators. */
  lines: string[];
  /** Offset in `text` where each line starts (`\r\n`, `\r` and `\n` end lines, as the parser counts them). */
  lineStarts: number[];
  ast: Dockerfile;
  /** Instructions in file order, across all stages (ARGs before the first FROM included). */
  instructions: Instruction[];
  stages: Stage[];
  /** The stage whose files make up the built image when no --target is given. */
  finalStage: Stage | undefined;
  /** The parser's escape character (`\` unless a `# escape=` directive says otherwise). */
  escapeChar: string;
}

export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) { if (text.charCodeAt(i + 1) === 10) i++; starts.push(i + 1); }
  }
  return starts;
}

/** Offset of a position in the text, clamped to the line's end and the text's end. */
export function offsetAt(model: Pick<DockerfileModel, 'text' | 'lineStarts'>, position: Position): number {
  const { lineStarts, text } = model;
  if (position.line >= lineStarts.length) return text.length;
  const next = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : text.length;
  return Math.min(lineStarts[position.line] + position.character, next);
}

/** Position of an offset in the text (binary search over the line starts). */
export function positionAt(model: Pick<DockerfileModel, 'lineStarts'>, offset: number): Position {
  const starts = model.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid; else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

export function parseDockerfile(text: string): DockerfileModel {
  // A BOM would otherwise become part of the first instruction's keyword.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const ast = DockerfileParser.parse(source);
  const instructions = ast.getInstructions();
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
  return {
    text,
    lines: text.split(/\r\n|\r|\n/),
    lineStarts: lineStartOffsets(text),
    ast,
    instructions,
    stages,
    finalStage: stages[stages.length - 1],
    escapeChar: ast.getEscapeCharacter(),
  };
}
