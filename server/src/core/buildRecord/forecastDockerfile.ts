// The forecast for a Dockerfile on disk: its steps' inputs now (context hashed as the recorded build's builder
// sees it), compared with the last recorded build of that Dockerfile.
import * as path from 'node:path';
import type { DockerfileModel } from '../model/dockerfileModel';
import { ContextHasher } from './contextHasher';
import { forecast, type ForecastStep } from './forecast';
import { latestRecord, type BuildRecord } from './recordStore';
import { stepInputs } from './stepInputs';

export interface ForecastRequest {
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  model: DockerfileModel;
  /** Build args of the next build (default: none, as a plain build passes). */
  buildArgs?: Record<string, string>;
  /** Default: the recorded build's target. */
  target?: string;
  imageId(ref: string): Promise<string | undefined>;
  /** A hasher kept between forecasts (the language server's, fed by its file watcher); default a fresh one. */
  hasher?: ContextHasher;
  /** The record to compare with (default: the latest of this Dockerfile). */
  record?: BuildRecord;
  cacheEnv?: NodeJS.ProcessEnv;
}

export interface DockerfileForecast {
  record: BuildRecord;
  steps: ForecastStep[];
}

export class NoRecordError extends Error {}

/** Throws NoRecordError when no build of the Dockerfile was recorded, or the target names no stage. */
export async function forecastDockerfile(request: ForecastRequest): Promise<DockerfileForecast> {
  const dockerfile = path.resolve(request.dockerfile);
  const record = request.record ?? latestRecord(dockerfile, request.cacheEnv);
  if (!record)
    throw new NoRecordError(`no build of ${dockerfile} was recorded: build it once with "layerwise build" or the editor's Build image`);
  const hasher = request.hasher ?? new ContextHasher(record.context, { dockerfile, builder: record.builder });
  const target = request.target ?? record.target;
  const now = await stepInputs({
    model: request.model,
    builder: record.builder,
    buildArgs: request.buildArgs,
    target,
    hasher,
    imageId: request.imageId,
  });
  if (!now) throw new NoRecordError(`${dockerfile}: no stage "${target ?? ''}" to forecast`);
  return { record, steps: forecast(now, record) };
}
