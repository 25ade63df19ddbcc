// Reads `docker build` output of both builders, line by line, into progress and the failing instruction.
//   classic:  Step 3/7 : RUN apt-get update            (n counts every instruction of the file)
//   BuildKit: #7 [stage-1 3/3] RUN echo 1 && exit 3     #7 ERROR: executor failed running […]: exit code: 3
//             (m counts FROM and the file-changing steps of that stage; the text has $VARS expanded)
//   Buildah (Podman's API builds): [2/3] STEP 4/6: RUN make    (stage 2 of 3; n counts that stage's instructions)
import type { Instruction } from '../model/syntax/index';
import type { DockerfileModel, Stage } from '../model/dockerfileModel';

export interface BuildProgress {
  step: number;
  totalSteps: number;
  /** `[stage-1 3/3]`'s stage label (BuildKit only). */
  stage?: string;
  /** The instruction text as the builder printed it. */
  text: string;
  /** 1-based Dockerfile line of the step, when it could be tied to one. */
  line?: number;
}

const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const BUILDKIT_STEP = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
const BUILDKIT_ERROR = /^#(\d+) ERROR:? (.*)$/;
const BUILDAH_STEP = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/(\d+): (.*)$/;

/** BuildKit makes a step of FROM and of every instruction that changes files. */
const BUILDKIT_STEP_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

export class BuildOutputParser {
  private readonly vertices = new Map<string, BuildProgress>();
  private lastStep?: BuildProgress;
  /** The step that failed, once an error line names it (BuildKit) or the build failed after it (classic). */
  failedStep?: BuildProgress;
  errorText?: string;

  constructor(private readonly model: DockerfileModel) {}

  /** Feed one output line; returns the progress it announces, if any. */
  push(line: string): BuildProgress | undefined {
    const classic = CLASSIC_STEP.exec(line);
    if (classic) {
      const step = Number(classic[1]);
      const instruction = this.model.instructions[step - 1];
      const text = classic[3].trim();
      const matches = instruction && instruction.getKeyword() === text.split(/\s/)[0].toUpperCase();
      return (this.lastStep = {
        step,
        totalSteps: Number(classic[2]),
        text,
        line: matches ? instruction.getRange().start.line + 1 : undefined,
      });
    }
    const kit = BUILDKIT_STEP.exec(line);
    if (kit) {
      const progress: BuildProgress = { step: Number(kit[3]), totalSteps: Number(kit[4]), stage: kit[2], text: kit[5].trim() };
      progress.line = this.buildkitLine(progress);
      this.vertices.set(kit[1], progress);
      return (this.lastStep = progress);
    }
    const buildah = BUILDAH_STEP.exec(line);
    if (buildah) {
      const stage = this.model.stages[Number(buildah[1] ?? 1) - 1];
      const step = Number(buildah[2]);
      const instruction = stage?.instructions[step - 1];
      const text = buildah[4].trim();
      const matches = instruction && instruction.getKeyword() === text.split(/\s/)[0].toUpperCase();
      return (this.lastStep = {
        step,
        totalSteps: Number(buildah[3]),
        text,
        line: matches ? instruction.getRange().start.line + 1 : undefined,
      });
    }
    const error = BUILDKIT_ERROR.exec(line);
    if (error) {
      this.failedStep = this.vertices.get(error[1]) ?? this.failedStep;
      this.errorText = error[2];
      return undefined;
    }
    if (/^The command .* returned a non-zero code|^(ERROR|error|Error: building at STEP|failed to solve)[: ]/.test(line)) {
      this.errorText ??= line.trim();
    }
    return undefined;
  }

  /** After a failed build: the step to blame (BuildKit's errored vertex, else the last step started). */
  failure(): BuildProgress | undefined {
    return this.failedStep ?? this.lastStep;
  }

  private buildkitLine(progress: BuildProgress): number | undefined {
    const stage = this.stageFor(progress.stage);
    if (!stage) return undefined;
    const steps = stage.instructions.filter((i) => BUILDKIT_STEP_KEYWORDS.has(i.getKeyword()));
    const keyword = progress.text.split(/\s/)[0].toUpperCase();
    const candidate: Instruction | undefined = steps[progress.step - 1];
    if (candidate && candidate.getKeyword() === keyword) return candidate.getRange().start.line + 1;
    const byKeyword = steps.filter((i) => i.getKeyword() === keyword);
    return byKeyword.length === 1 ? byKeyword[0].getRange().start.line + 1 : undefined;
  }

  private stageFor(label: string | undefined): Stage | undefined {
    const stages = this.model.stages;
    if (label === undefined) return stages.length === 1 ? stages[0] : stages[stages.length - 1];
    const unnamed = /^stage-(\d+)$/.exec(label);
    if (unnamed) return stages[Number(unnamed[1])];
    return stages.find((s) => s.name === label.toLowerCase());
  }
}
