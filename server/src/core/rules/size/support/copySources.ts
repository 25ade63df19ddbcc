// COPY/ADD instructions that send the whole build context (`COPY . .`, `ADD ./ /app`), and the
// ecosystems a Dockerfile builds (from its base images and the tools its RUNs call).
import type { Instruction, Copy, From } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { invocations, Manager } from '../../../packages/invocation';
import { runsMatching, script } from './index';

export interface CopyAll {
  instruction: Instruction;
  /** Destination as written (`.`, `/app/`). */
  destination: string;
  /** `--chown=…`, `--chmod=…` etc. as written, to repeat on the manifest COPY. */
  flagsText: string;
}

const WHOLE_CONTEXT = /^\.?\/?$|^\.\/?\*?$|^\*$/;

/** `COPY . <dest>` / `ADD . <dest>` (no --from: that copies from a stage, not the context). */
export function copyAll(model: DockerfileModel, instruction: Instruction): CopyAll | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  const copy = instruction as Copy;
  const flags = copy.getFlags();
  if (flags.some((f) => f.getName() === 'from')) return undefined;
  const args = copy.getArguments();
  if (args.length < 2 || args[0].getValue().startsWith('[')) return undefined;
  const sources = args.slice(0, -1).map((a) => a.getValue());
  if (!sources.some((s) => WHOLE_CONTEXT.test(s))) return undefined;
  const flagsText = flags
    .map((f) => {
      const r = f.getRange();
      return model.lines[r.start.line].slice(r.start.character, r.end.line === r.start.line ? r.end.character : undefined);
    })
    .join(' ');
  return { instruction, destination: args[args.length - 1].getValue(), flagsText };
}

export type Ecosystem = 'node' | 'python' | 'go' | 'rust' | 'java' | 'dotnet' | 'ruby' | 'php';

const BY_MANAGER: Partial<Record<Manager, Ecosystem>> = {
  npm: 'node',
  yarn: 'node',
  pnpm: 'node',
  pip: 'python',
  poetry: 'python',
  pipenv: 'python',
  go: 'go',
  dep: 'go',
  cargo: 'rust',
  mvn: 'java',
  gradle: 'java',
  dotnet: 'dotnet',
  gem: 'ruby',
  bundle: 'ruby',
  composer: 'php',
};

const BY_IMAGE: [RegExp, Ecosystem][] = [
  [/(^|\/)(node|bun)(:|$)/, 'node'],
  [/(^|\/)(python|pypy)(:|$)/, 'python'],
  [/(^|\/)golang(:|$)/, 'go'],
  [/(^|\/)rust(:|$)/, 'rust'],
  [/(^|\/)(maven|gradle|openjdk|eclipse-temurin|amazoncorretto)(:|$)/, 'java'],
  [/dotnet\/(sdk|aspnet|runtime)/, 'dotnet'],
  [/(^|\/)ruby(:|$)/, 'ruby'],
  [/(^|\/)(php|composer)(:|$)/, 'php'],
];

/** Ecosystems of a set of stages (all stages when omitted), in first-seen order. */
export function ecosystems(model: DockerfileModel, stages?: readonly Stage[]): Ecosystem[] {
  const found = new Set<Ecosystem>();
  for (const stage of stages ?? model.stages) {
    const image = (stage.from as From).getImageName() ?? '';
    for (const [pattern, eco] of BY_IMAGE) if (pattern.test(image)) found.add(eco);
  }
  for (const { run, stage } of runsMatching(
    model,
    /\b(npm|yarn|pnpm|pip\d?|poetry|pipenv|go|dep|cargo|mvnw?|gradlew?|dotnet|gem|bundle|composer)\b/,
  )) {
    if (stages && !stages.includes(stage)) continue;
    for (const i of invocations(script(model, run).commands)) {
      const eco = BY_MANAGER[i.manager];
      if (eco) found.add(eco);
    }
  }
  return [...found];
}
