// The inputs that decide whether a builder reuses each build step from its cache: the instruction text after
// ARG/ENV expansion, the build args a RUN sees, the environment it runs with, the base image's id, and for
// COPY/ADD the digest of the context files read. Which instructions make steps, and which stages are built,
// depend on the builder: classic makes a step of every instruction of every stage up to the target; BuildKit
// makes steps of FROM/RUN/COPY/ADD/WORKDIR, only in the stages the target needs.
import type { DockerfileModel, Stage } from '../model/dockerfileModel';
import type { Instruction } from '../model/syntax/index';
import { PropertyInstruction } from '../model/syntax/instructions';
import { FlaggedInstruction } from '../model/syntax/instruction';
import { expandArgs } from '../rules/correctness/support/expandArgs';
import { logicalText } from '../engine/instructionMatch';
import { copySources } from '../engine/copySources';
import type { Builder } from '../context/ignoreFile';
import type { ContextHasher, SourceDigest } from './contextHasher';

export type { Builder };

export interface StepInputs {
  /** 1-based line of the instruction. */
  line: number;
  stage: number;
  keyword: string;
  /** The instruction with ARG/ENV values expanded (RUN as written: its shell expands). */
  text: string;
  /** RUN: the build args in scope with their values (both builders hand them to the command). */
  args?: Record<string, string>;
  /** RUN, COPY, ADD: the environment, working folder, user and shell the step runs with. */
  env?: Record<string, string>;
  /** FROM an image (or COPY --from an image): its reference and the id the engine has for it. */
  base?: { ref: string; id?: string };
  /** Stages this step reads (FROM <stage>, COPY --from=<stage>). */
  stages?: number[];
  /** COPY/ADD from the context: what the matched files hold. */
  sources?: SourceDigest;
}

export interface InputsRequest {
  model: DockerfileModel;
  builder: Builder;
  buildArgs?: Record<string, string>;
  target?: string;
  /** Hashes the context files COPY/ADD read (one per context and builder; keep it to hash incrementally). */
  hasher: ContextHasher;
  /** The id the engine has for an image reference; undefined when it has none (or cannot be asked). */
  imageId(ref: string): Promise<string | undefined>;
}

const BUILDKIT_STEPS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/** The stage --target names (name or index), or the last stage. */
export function targetStage(model: DockerfileModel, target: string | undefined): Stage | undefined {
  if (target === undefined) return model.finalStage;
  return model.stages.find((s) => s.name === target.toLowerCase() || String(s.index) === target);
}

function stageRef(model: DockerfileModel, ref: string | undefined, before: number): Stage | undefined {
  if (!ref) return undefined;
  const lower = ref.toLowerCase();
  return model.stages.slice(0, before).find((s) => s.name === lower || String(s.index) === lower);
}

/** The stages the builder builds for `target`, in file order. */
export function builtStages(model: DockerfileModel, builder: Builder, target: Stage): Stage[] {
  if (builder === 'classic') return model.stages.slice(0, target.index + 1);
  const needed = new Set<Stage>();
  const visit = (stage: Stage) => {
    if (needed.has(stage)) return;
    needed.add(stage);
    const parent = stageRef(model, stage.from.getImage() ?? undefined, stage.index);
    if (parent) visit(parent);
    for (const instruction of stage.instructions) {
      const from = copyFromFlag(instruction);
      const source = stageRef(model, from, stage.index);
      if (source) visit(source);
    }
  };
  visit(target);
  return model.stages.filter((s) => needed.has(s));
}

function copyFromFlag(instruction: Instruction): string | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  if (!(instruction instanceof FlaggedInstruction)) return undefined;
  return (
    instruction
      .getFlags()
      .find((f) => f.getName() === 'from')
      ?.getValue() ?? undefined
  );
}

function properties(instruction: Instruction): { name: string; value: string | null }[] {
  return instruction instanceof PropertyInstruction
    ? instruction.getProperties().map((p) => ({ name: p.getName(), value: p.getValue() }))
    : [];
}

/** Every build step's inputs, in file order. Undefined when the target names no stage. */
export async function stepInputs(request: InputsRequest): Promise<StepInputs[] | undefined> {
  const { model, builder } = request;
  const target = targetStage(model, request.target);
  if (!target) return undefined;
  const given = request.buildArgs ?? {};
  const escape = model.escapeChar;
  const expand = (text: string, values: Map<string, string>) => expandArgs(text, values, escape) ?? text;

  // ARGs before the first FROM: for FROM lines, and as defaults for stages that declare them again.
  const globalArgs = new Map<string, string>();
  for (const instruction of model.instructions) {
    if (model.stages[0] && instruction === model.stages[0].from) break;
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const { name, value } of properties(instruction)) {
      const resolved = given[name] ?? (value === null ? undefined : expand(value, globalArgs));
      if (resolved !== undefined) globalArgs.set(name, resolved);
    }
  }
  const sourcesByLine = new Map(copySources(model).map((c) => [c.line, c]));
  const stageEnv = new Map<number, Map<string, string>>();
  const steps: StepInputs[] = [];

  for (const stage of builtStages(model, builder, target)) {
    const parent = stageRef(model, stage.from.getImage() ?? undefined, stage.index);
    const env = new Map(parent ? (stageEnv.get(parent.index) ?? []) : []);
    const args = new Map<string, string>();
    let workdir = '/';
    let user = '';
    let shell = '/bin/sh -c';
    const values = () => new Map([...args, ...env]);
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const line = instruction.getRange().start.line + 1;
      const body = logicalText(instruction, model.lines, escape).body;
      const step: StepInputs = {
        line,
        stage: stage.index,
        keyword,
        text: `${keyword} ${keyword === 'RUN' ? body : expand(body, values())}`,
      };
      switch (keyword) {
        case 'FROM': {
          const ref = expand(stage.from.getImage() ?? '', globalArgs);
          if (parent) step.stages = [parent.index];
          else if (ref.toLowerCase() !== 'scratch') step.base = { ref, id: await request.imageId(ref) };
          step.text = `FROM ${ref}`;
          break;
        }
        case 'ARG':
          for (const { name, value } of properties(instruction)) {
            const resolved = given[name] ?? (value === null ? globalArgs.get(name) : expand(value, values()));
            if (resolved !== undefined) args.set(name, resolved);
          }
          break;
        case 'ENV':
          for (const { name, value } of properties(instruction)) env.set(name, expand(value ?? '', values()));
          break;
        case 'WORKDIR':
          workdir = resolvePath(workdir, expand(body, values()));
          break;
        case 'USER':
          user = expand(body, values());
          break;
        case 'SHELL':
          shell = body;
          break;
        case 'RUN':
          step.args = Object.fromEntries([...args].sort(([a], [b]) => a.localeCompare(b)));
          step.env = { ...Object.fromEntries([...env].sort(([a], [b]) => a.localeCompare(b))), WORKDIR: workdir, USER: user, SHELL: shell };
          break;
        case 'COPY':
        case 'ADD': {
          step.env = { WORKDIR: workdir };
          const from = copyFromFlag(instruction);
          const fromStage = from !== undefined ? stageRef(model, expand(from, values()), stage.index) : undefined;
          if (fromStage) step.stages = [fromStage.index];
          else if (from !== undefined) step.base = { ref: from, id: await request.imageId(expand(from, values())) };
          const copy = sourcesByLine.get(line);
          if (copy?.fromContext && from === undefined) {
            step.sources = await request.hasher.digest(copy.sources.map((s) => expand(s, values()).replace(/^\.?\/+/, '') || '.'));
          }
          break;
        }
      }
      if (builder === 'classic' || BUILDKIT_STEPS.has(keyword)) steps.push(step);
    }
    stageEnv.set(stage.index, env);
  }
  return steps;
}

function resolvePath(current: string, next: string): string {
  if (next.startsWith('/')) return next;
  return `${current.replace(/\/$/, '')}/${next}`;
}
