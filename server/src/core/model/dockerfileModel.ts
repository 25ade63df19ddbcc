// The one parsed model of a Dockerfile text. Built once per document version and shared by every rule,
// the code actions, hovers and the layer lenses, so nothing parses the same text twice.
import { DockerfileParser, Dockerfile, Instruction, From } from 'dockerfile-ast';

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
  ast: Dockerfile;
  /** Instructions in file order, across all stages (ARGs before the first FROM included). */
  instructions: Instruction[];
  stages: Stage[];
  /** The stage whose files make up the built image when no --target is given. */
  finalStage: Stage | undefined;
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
    ast,
    instructions,
    stages,
    finalStage: stages[stages.length - 1],
  };
}
