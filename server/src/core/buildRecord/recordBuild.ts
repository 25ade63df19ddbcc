// A build that leaves a record: the steps' inputs are taken before the build starts (what the builder is sent),
// the build runs as every Layerwise build does (engine/build.ts), its output is read for each step's time and
// cache use, and the record is written to the user's cache folder. A step the builder ran again where the
// previous record had it says why (the first changed input).
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { buildImage, type BuildRequest, type BuildResult, type CliBuildOptions } from '../engine/build';
import { parseDockerfile } from '../model/dockerfileModel';
import { readWorkspaceText, LIMITS } from '../fs/readWorkspaceFile';
import { ContextHasher } from './contextHasher';
import { stepInputs, type Builder, type StepInputs } from './stepInputs';
import { StepLogReader } from './stepLog';
import { forecast } from './forecast';
import { latestRecord, writeRecord, type BuildRecord, type StepRecord } from './recordStore';

export interface RecordedBuildRequest extends BuildRequest {
  /** Which builder the docker CLI uses (DOCKER_BUILDKIT); default: the CLI's own choice. The Engine API builds classic. */
  builder?: Builder;
}

export interface RecordedBuild extends BuildResult {
  /** Written when the build succeeded. */
  record?: BuildRecord;
}

export type RecordOptions = Partial<CliBuildOptions> & {
  preferApi?: boolean;
  /** Where records go (LAYERWISE_CACHE_DIR / XDG_CACHE_HOME); default process.env. */
  cacheEnv?: NodeJS.ProcessEnv;
};

/** The id the engine has for an image reference, or undefined. */
export function engineImageId(docker: Dockerode): (ref: string) => Promise<string | undefined> {
  return (ref) =>
    docker
      .getImage(ref)
      .inspect()
      .then(
        (i) => i.Id as string,
        () => undefined,
      );
}

function defaultBuilder(request: RecordedBuildRequest, options: RecordOptions): Builder {
  if (request.builder) return request.builder;
  if (options.preferApi) return 'classic';
  return (options.env ?? process.env).DOCKER_BUILDKIT === '0' ? 'classic' : 'buildkit';
}

async function inputsFor(request: RecordedBuildRequest, builder: Builder, docker: Dockerode): Promise<StepInputs[]> {
  const model = parseDockerfile(readWorkspaceText(request.dockerfile, LIMITS.dockerfile));
  const context = path.resolve(request.context ?? path.dirname(request.dockerfile));
  const hasher = new ContextHasher(context, { dockerfile: request.dockerfile, builder });
  return (
    (await stepInputs({ model, builder, buildArgs: request.buildArgs, target: request.target, hasher, imageId: engineImageId(docker) })) ??
    []
  );
}

export async function buildAndRecord(
  request: RecordedBuildRequest,
  docker: Dockerode,
  options: RecordOptions = {},
): Promise<RecordedBuild> {
  const dockerfile = path.resolve(request.dockerfile);
  let builder = defaultBuilder(request, options);
  let inputs: StepInputs[] = [];
  let reader: StepLogReader | undefined;
  try {
    inputs = await inputsFor(request, builder, docker);
    reader = new StepLogReader(parseDockerfile(readWorkspaceText(dockerfile, LIMITS.dockerfile)));
  } catch {
    /* an unreadable Dockerfile: the build reports it */
  }
  const env = request.builder
    ? { ...(options.env ?? process.env), DOCKER_BUILDKIT: request.builder === 'buildkit' ? '1' : '0' }
    : options.env;
  const log: string[] = [];
  const started = Date.now();
  const result = await buildImage(
    {
      ...request,
      onLog: (line) => {
        reader?.push(line);
        if (log.length < 50) log.push(line);
        request.onLog?.(line);
      },
    },
    docker,
    { ...options, env },
  );
  if (!result.ok || !result.imageId || !reader) return result;
  const ran: Builder = result.via === 'api' ? 'classic' : log.some((l) => /^#\d+ /.test(l)) ? 'buildkit' : 'classic';
  if (ran !== builder) {
    // The CLI chose the other builder: its ignore file and steps differ. The context is hashed again, after the fact.
    builder = ran;
    inputs = await inputsFor(request, builder, docker);
  }
  // The base the builder used may have been pulled during the build: ask for its id now.
  const imageId = engineImageId(docker);
  for (const step of inputs) if (step.base) step.base.id = await imageId(step.base.ref);
  const outcomes = new Map(reader.finish().map((o) => [o.line, o]));
  const previous = latestRecord(dockerfile, options.cacheEnv);
  // The two builders keep separate caches: after a switch, the reason is the switch.
  const reasons = previous?.builder === builder ? new Map(forecast(inputs, previous).map((f) => [f.line, f.reason])) : undefined;
  const switched = previous && previous.builder !== builder ? `the last build used the ${previous.builder} builder` : undefined;
  const steps: StepRecord[] = inputs.map((step) => {
    const outcome = outcomes.get(step.line);
    const cached = step.keyword === 'FROM' ? undefined : outcome?.cached;
    const rebuiltBecause = cached === false && previous ? (switched ?? reasons?.get(step.line) ?? 'not in the builder cache') : undefined;
    return { ...step, seconds: outcome?.seconds, cached, ...(rebuiltBecause ? { rebuiltBecause } : {}) };
  });
  const record: BuildRecord = {
    version: 1,
    dockerfile,
    context: path.resolve(request.context ?? path.dirname(dockerfile)),
    imageId: result.imageId,
    tag: request.tag,
    builder,
    target: request.target,
    buildArgs: request.buildArgs ?? {},
    finishedAt: new Date().toISOString(),
    seconds: Math.round(Date.now() - started) / 1000,
    steps,
  };
  try {
    writeRecord(record, options.cacheEnv);
  } catch {
    // An unwritable cache folder costs the record, not the build.
    return result;
  }
  return { ...result, record };
}

/** Lines for the build output: each step's time, and why a step ran again. */
export function describeRecord(record: BuildRecord): string[] {
  return record.steps
    .filter((s) => s.keyword !== 'FROM' && s.cached !== undefined)
    .map((s) => {
      const time = s.cached ? 'cached' : s.seconds !== undefined ? `${s.seconds.toFixed(1)} s` : 'time unknown';
      const why = s.rebuiltBecause ? ` — rebuilt: ${s.rebuiltBecause}` : '';
      return `line ${s.line} ${s.keyword}: ${time}${why}`;
    });
}
