// Layerwise's Dockerfile syntax tree. It answers the questions rules ask of dockerfile-ast with the same
// method names (getKeyword, getArguments, getFlags, getImageTag…), but scans the text once and reads the
// rest lazily from offsets: linting runs on every keystroke, and dockerfile-ast re-tokenises an
// instruction on each call and builds positions eagerly (see docs/architecture.md, "Parser").
// dockerfile-ast stays the parser of the editor basics (dockerfile-language-service) and syntax checks
// (dockerfile-utils); a corpus test keeps the two trees' answers in step.
import { SourceText } from './source';
import { scanDockerfile } from './scan';
import { Comment, ParserDirective } from './nodes';
import { createInstruction } from './instructions';
export { createInstruction } from './instructions';
import type { Instruction } from './instruction';
import type { InstructionSpan } from './scan';
import { commonPrefixLength } from '../../commonText';

export { SourceText, lineStartOffsets } from './source';
export { Instruction, FlaggedInstruction } from './instruction';
export { PropertyInstruction, JSONInstruction, HeredocInstruction, HeredocInstruction as Run, Copy, From } from './instructions';
export { Argument, JSONArgument, Variable, Property, Flag, FlagOption, Heredoc, Comment, ParserDirective } from './nodes';

export interface DockerfileSyntax {
  source: SourceText;
  instructions: Instruction[];
  comments: Comment[];
  directives: ParserDirective[];
  escapeChar: string;
  /** The one earlier version's text whose instructions this tree took over (see `keptInstructions`). */
  keptFrom?: SourceText;
}

/**
 * `previous`: the tree of an earlier version of the same document. Its instructions that lie wholly in the text both
 * versions start with, and that the new scan finds with the same span, are taken over as they are, with what rules
 * already read from them (words, flags, ranges, shell scripts): typing in a 20,000-line file then rebuilds only the
 * instructions from the edit on. An instruction reads nothing outside its span, and offsets and lines before the
 * first changed character are the same in both texts, so a taken-over instruction answers as a new one would.
 */
export function parseSyntax(text: string, lineStarts?: number[], previous?: DockerfileSyntax): DockerfileSyntax {
  const scan = scanDockerfile(text);
  const source = new SourceText(text, scan.escapeChar.charCodeAt(0), lineStarts);
  const kept = previous && previous.escapeChar === scan.escapeChar ? keptInstructions(previous, text, scan.instructions) : undefined;
  const instructions = scan.instructions.map((span, i) => kept?.instructions[i] ?? createInstruction(source, span));
  return {
    source,
    keptFrom: kept?.from,
    instructions,
    comments: scan.comments.map((c) => new Comment(source, c.start, c.end)),
    directives: scan.directives.map(
      (d) => new ParserDirective(source, d.start, d.end, text.slice(d.nameStart, d.nameEnd), text.slice(d.valueStart, d.valueEnd)),
    ),
    escapeChar: scan.escapeChar,
  };
}

const sameSpan = (a: InstructionSpan, b: InstructionSpan) =>
  a.start === b.start && a.keywordEnd === b.keywordEnd && a.lineEnd === b.lineEnd && a.end === b.end;

/**
 * The previous tree's instructions the new one can take over, from the start of the file. Only those of one earlier
 * text are taken (the previous version's, or the text it took its own from, whichever gives more): a taken-over
 * instruction keeps its text alive, so a document holds at most one earlier text besides its own, however long it
 * is typed into.
 */
function keptInstructions(
  previous: DockerfileSyntax,
  text: string,
  spans: readonly InstructionSpan[],
): { instructions: Instruction[]; from: SourceText } | undefined {
  const same = commonPrefixLength(previous.source.text, text);
  const old = previous.instructions;
  let reusable = 0;
  // One character of margin: a `\r` at the span's end reads as a line break with or without a `\n` after it.
  while (
    reusable < old.length &&
    reusable < spans.length &&
    old[reusable].span.end + 1 < same &&
    sameSpan(old[reusable].span, spans[reusable])
  )
    reusable++;
  if (reusable === 0) return undefined;
  let fromPrevious = 0;
  let fromKept = 0;
  for (let i = 0; i < reusable; i++) {
    if (old[i].source === previous.source) fromPrevious++;
    else if (old[i].source === previous.keptFrom) fromKept++;
  }
  const from = fromKept > fromPrevious ? previous.keptFrom! : previous.source;
  const instructions: Instruction[] = [];
  for (let i = 0; i < reusable; i++) if (old[i].source === from) instructions[i] = old[i];
  return { instructions, from };
}
