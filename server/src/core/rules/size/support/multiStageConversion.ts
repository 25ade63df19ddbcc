// Turning a single-stage build into a build stage plus a runtime stage that copies only what the program needs.
// Shared by every ecosystem's conversion (Go in useMultiStage.ts, the others in multiStage<Ecosystem>.ts): each
// says which runtime image, which paths to copy, and what to add to either stage; this module writes the edits.
import type { From, Instruction } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import type { FixProposal, TextEdit } from '../../../types';
import { deleteInstruction, eol, instructionText } from './index';
import * as l10n from '../../../l10n';

/** Image config the runtime stage takes over from the original, moved out of the build stage. */
const MOVE_TO_RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL']);
/** Config the runtime keeps as well, copied (the build stage may need it too). */
const COPY_TO_RUNTIME = new Set(['ARG', 'ENV', 'LABEL', 'SHELL', 'VOLUME']);

export function lastWorkdirBefore(stage: Stage, index: number): string | undefined {
  for (let k = index - 1; k >= 0; k--)
    if (stage.instructions[k].getKeyword() === 'WORKDIR') return stage.instructions[k].getArgumentsContent() ?? undefined;
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
  /** Absolute paths copied from the build stage to the same place (the program, a venv, the app folder). */
  artifacts: string[];
  /** Copy ARG, ENV, LABEL, SHELL and VOLUME into the runtime stage too (their values are part of the image's config). */
  keepConfig: boolean;
  /** The runtime image has the build image's users (same image or its slim variant), so a named USER may stay. */
  usersFromBase?: boolean;
  /** Instructions inserted into the build stage right before an instruction (Python: create the venv first). */
  buildInsert?: { before: Instruction; lines: string[] };
  /** Instructions appended to the build stage (Node: drop devDependencies before the copy). */
  buildAppend?: string[];
  /** Instructions for the runtime stage right after the copies (Python: the venv on PATH). */
  runtimeSetup?: string[];
}

/** USER lines a later RUN depends on stay in the build stage (and are copied); the others move. */
function userSplit(stage: Stage): { moved: Instruction[]; copied: Instruction[] } {
  const moved: Instruction[] = [];
  const copied: Instruction[] = [];
  stage.instructions.forEach((i, k) => {
    if (i.getKeyword() !== 'USER') return;
    const runAfter = stage.instructions.slice(k + 1).some((later) => later.getKeyword() === 'RUN');
    (runAfter ? copied : moved).push(i);
  });
  return { moved, copied };
}

/** The edits, or undefined when the stage's USER could not exist in the runtime stage or the stage is named otherwise. */
export function convertToMultiStage(model: DockerfileModel, stage: Stage, conversion: Conversion): FixProposal | undefined {
  const from = stage.from as From;
  if (from.getBuildStage() && from.getBuildStage() !== 'build') return undefined;
  // ONBUILD triggers belong to the image's config; where they should go is the user's call.
  if (stage.instructions.some((i) => i.getKeyword() === 'ONBUILD')) return undefined;
  const users = userSplit(stage);
  // A named user was created in the build stage; the runtime stage would not have it (unless its base has it).
  const named = [...users.moved, ...users.copied].some((u) => !/^\d+(:\d+)?$/.test(u.getArgumentsContent() ?? ''));
  if (named && !conversion.usersFromBase) return undefined;
  const moved = stage.instructions.filter((i) => MOVE_TO_RUNTIME.has(i.getKeyword()) || users.moved.includes(i));
  const copied = stage.instructions.filter(
    (i) => (conversion.keepConfig ? COPY_TO_RUNTIME.has(i.getKeyword()) : i.getKeyword() === 'SHELL') || users.copied.includes(i),
  );
  const workdir = stage.instructions.filter((i) => i.getKeyword() === 'WORKDIR').pop();
  const nl = eol(model);
  const runtime = [
    `FROM ${conversion.runtimeImage}`,
    // A copied USER goes after the copies: COPY --from keeps the owners the build stage gave the files.
    ...copied.filter((i) => i.getKeyword() !== 'USER').map((i) => instructionText(model, i)),
    ...(workdir ? [instructionText(model, workdir)] : []),
    ...conversion.artifacts.map((path) => `COPY --from=build ${path} ${path}`),
    ...(conversion.runtimeSetup ?? []),
    ...copied.filter((i) => i.getKeyword() === 'USER').map((i) => instructionText(model, i)),
    ...moved.map((i) => instructionText(model, i)),
  ];
  const end = { line: model.lines.length - 1, character: model.lines[model.lines.length - 1].length };
  // The text must end with a line break before the appended lines: it does, or its last line is moved away.
  const lastLineMoves = moved.some((i) => i.getRange().end.line === model.lines.length - 1);
  const lead = model.text.endsWith('\n') || model.text.endsWith('\r') || lastLineMoves ? '' : nl;
  const tail = [...(conversion.buildAppend ?? []).map((line) => `${line}${nl}`), nl, ...runtime.map((line) => `${line}${nl}`)].join('');
  const insert = conversion.buildInsert;
  const insertAt = insert && { line: insert.before.getRange().start.line, character: 0 };
  const edits: TextEdit[] = [
    ...(from.getBuildStage() ? [] : [{ range: { start: from.getRange().end, end: from.getRange().end }, newText: ' AS build' }]),
    ...(insert && insertAt
      ? [{ range: { start: insertAt, end: insertAt }, newText: insert.lines.map((line) => `${line}${nl}`).join('') }]
      : []),
    ...moved.map((i) => deleteInstruction(model, i)),
    { range: { start: end, end }, newText: `${lead}${tail}` },
  ];
  return { title: l10n.t('Convert to a multi-stage build'), safe: false, edits };
}
