// Turning a single-stage build into a build stage plus a runtime stage that copies only the artifact. Shared by
// the Go conversion (runtime: distroless or slim) and the C/C++ one (runtime: the same base, without the
// toolchain), both in useMultiStage.ts.
import type { From, Instruction } from '../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import { invocations, isInstall } from '../../packages/invocation';
import type { FixProposal, TextEdit } from '../../types';
import { deleteInstruction, eol, instructionText, script } from './support';

/** What the runtime stage keeps of the original (image config), moved out of the build stage. */
const MOVE_TO_RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'USER']);
/** Config the runtime keeps as well, copied (the build stage may need it too). */
const COPY_TO_RUNTIME = new Set(['ENV', 'LABEL']);

export function lastWorkdirBefore(stage: Stage, index: number): string | undefined {
  for (let k = index - 1; k >= 0; k--) if (stage.instructions[k].getKeyword() === 'WORKDIR') return stage.instructions[k].getArgumentsContent() ?? undefined;
  return undefined;
}

/** An absolute artifact path from an `-o` value, resolved against the WORKDIR in effect. */
export function absoluteArtifact(stage: Stage, run: Instruction, out: string): string | undefined {
  if (out.includes('$') || out.endsWith('/')) return undefined;
  if (out.startsWith('/')) return out;
  const workdir = lastWorkdirBefore(stage, stage.instructions.indexOf(run));
  return workdir?.startsWith('/') ? `${workdir.replace(/\/$/, '')}/${out.replace(/^\.\//, '')}` : undefined;
}

export interface Conversion {
  runtimeImage: string;
  artifact: string;
  /** Copy ENV and LABEL into the runtime stage too (their values are part of the image's config). */
  keepConfig: boolean;
}

/** The edits, or undefined when the stage's USER could not exist in the runtime stage or the stage is named otherwise. */
export function convertToMultiStage(model: DockerfileModel, stage: Stage, conversion: Conversion): FixProposal | undefined {
  const from = stage.from as From;
  if (from.getBuildStage() && from.getBuildStage() !== 'build') return undefined;
  const moved = stage.instructions.filter((i) => MOVE_TO_RUNTIME.has(i.getKeyword()));
  const user = moved.find((i) => i.getKeyword() === 'USER');
  // A named user was created in the build stage; the runtime stage would not have it.
  if (user && !/^\d+(:\d+)?$/.test(user.getArgumentsContent() ?? '')) return undefined;
  const copied = conversion.keepConfig ? stage.instructions.filter((i) => COPY_TO_RUNTIME.has(i.getKeyword())) : [];
  const workdir = stage.instructions.filter((i) => i.getKeyword() === 'WORKDIR').pop();
  const nl = eol(model);
  const lines = [
    `FROM ${conversion.runtimeImage}`,
    ...copied.map((i) => instructionText(model, i)),
    ...(workdir ? [instructionText(model, workdir)] : []),
    `COPY --from=build ${conversion.artifact} ${conversion.artifact}`,
    ...moved.map((i) => instructionText(model, i)),
  ];
  const end = { line: model.lines.length - 1, character: model.lines[model.lines.length - 1].length };
  const lead = model.text.endsWith('\n') || model.text.endsWith('\r') ? nl : `${nl}${nl}`;
  const edits: TextEdit[] = [
    ...(from.getBuildStage() ? [] : [{ range: { start: from.getRange().end, end: from.getRange().end }, newText: ' AS build' }]),
    ...moved.map((i) => deleteInstruction(model, i)),
    { range: { start: end, end }, newText: `${lead}${lines.join(nl)}${nl}` },
  ];
  return { title: 'Convert to a multi-stage build', safe: false, edits };
}

/** Packages a C/C++ build needs and a program compiled against the base's libc does not. */
const TOOLCHAIN_ONLY = /^(gcc|g\+\+|clang|cpp|make|cmake|binutils|pkg-config|libc6-dev|libc-dev|musl-dev|build-essential|build-base|gcc-c\+\+)(=.*)?$/;
const COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++']);
/** Commands a build-only RUN may run; anything else might make files the runtime needs. */
const BUILD_ONLY = new Set([...COMPILERS, 'apt-get', 'apt', 'apk', 'rm', 'make', 'cmake', 'strip', 'mkdir', 'cd', 'true', 'set']);

/**
 * C/C++: every RUN of the (only) stage installs nothing but a toolchain and compiles with `-o /path`; the runtime
 * stage starts from the same base (so the program finds the same libc) and gets just the program.
 */
export function compiledArtifactConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  if (model.stages.length !== 1) return undefined;
  let artifact: string | undefined;
  for (const run of stage.instructions.filter((i) => i.getKeyword() === 'RUN')) {
    const { commands } = script(model, run);
    if (commands.length === 0 || commands.some((c) => !BUILD_ONLY.has(c.name))) return undefined;
    for (const i of invocations(commands)) {
      if (isInstall(i) && i.operands.some((o) => !TOOLCHAIN_ONLY.test(o.value ?? ''))) return undefined;
    }
    for (const c of commands) {
      if (!COMPILERS.has(c.name)) continue;
      const o = c.args.findIndex((a) => a.value === '-o');
      const out = o >= 0 ? c.args[o + 1]?.value : undefined;
      if (out) artifact = absoluteArtifact(stage, run, out) ?? artifact;
    }
  }
  const image = stage.from.getImage();
  if (!artifact || !image || image.includes('$')) return undefined;
  return { runtimeImage: image, artifact, keepConfig: true };
}
