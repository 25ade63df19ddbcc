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
}

export function parseSyntax(text: string, lineStarts?: number[]): DockerfileSyntax {
  const scan = scanDockerfile(text);
  const source = new SourceText(text, scan.escapeChar.charCodeAt(0), lineStarts);
  return {
    source,
    instructions: scan.instructions.map((span) => createInstruction(source, span)),
    comments: scan.comments.map((c) => new Comment(source, c.start, c.end)),
    directives: scan.directives.map(
      (d) => new ParserDirective(source, d.start, d.end, text.slice(d.nameStart, d.nameEnd), text.slice(d.valueStart, d.valueEnd)),
    ),
    escapeChar: scan.escapeChar,
  };
}
