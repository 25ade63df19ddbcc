// Time and cache use of builds made outside Layerwise, from the build history BuildKit keeps in the engine
// (`docker buildx history`, buildx ≥ 0.23 against BuildKit ≥ 0.13; Docker 20.10 keeps none). The record of an image is
// the newest completed build that produced it: its attachments name the image (containerd store: the index or
// manifest digest is the image id), else its log names it (`writing image sha256:…`, `exporting manifest list
// sha256:…`), looked at only for builds of the same Dockerfile. `history logs` is BuildKit's plain progress, read by
// the same StepLogReader as Layerwise's own builds. Nothing here guesses: a step the log gives no time is unknown.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { DockerfileModel } from '../model/dockerfileModel';
import type { EngineEndpoint } from '../engine/connection';
import { findDockerCli } from '../engine/build';
import { BuildOutputParser } from '../engine/buildProgress';
import { StepLogReader } from './stepLog';
import type { StepTiming } from './stepTiming';

/** Where a line's time came from, in `layers --format json` and the lens tooltip. */
export const ENGINE_HISTORY = 'engine-history';

export interface HistoryStep {
  line: number;
  keyword: string;
  /** Absent when the log does not say (nor does `cached`). */
  seconds?: number;
  cached?: boolean;
}

export interface HistoryRecord {
  /** The build's ref in the engine's history (`docker buildx history inspect <ref>`). */
  ref: string;
  completedAt?: string;
  steps: HistoryStep[];
}

/** One row of `history ls --format json`. */
interface ListedBuild {
  ref: string;
  status?: string;
}

/** The parts of `history inspect --format json` used here. */
export interface InspectedBuild {
  Context?: string;
  Dockerfile?: string;
  CompletedAt?: string;
  Attachments?: { Digest?: string }[];
}

/**
 * Per-step time and cache use in a `history logs` text, tied to the Dockerfile's lines. A step the log announces
 * but never finishes (an error, a cancel) is listed with neither: its time and cache use are unknown.
 */
export function stepsFromHistoryLog(model: DockerfileModel, log: string): HistoryStep[] {
  const reader = new StepLogReader(model);
  const announced = new BuildOutputParser(model);
  const lines = new Set<number>();
  for (const text of log.split(/\r?\n/)) {
    reader.push(text, 0);
    const progress = announced.push(text);
    if (progress?.line !== undefined) lines.add(progress.line);
  }
  const outcomes = new Map(reader.finish(0).map((o) => [o.line, o]));
  return [...new Set([...lines, ...outcomes.keys()])]
    .sort((a, b) => a - b)
    .map((line) => {
      const keyword = model.instructions.find((i) => i.getRange().start.line + 1 === line)?.getKeyword() ?? '';
      const outcome = outcomes.get(line);
      if (!outcome) return { line, keyword };
      // BuildKit gives a cached step no time of its own: it took none.
      const seconds = outcome.cached ? 0 : outcome.seconds;
      return { line, keyword, cached: outcome.cached, ...(seconds !== undefined ? { seconds } : {}) };
    });
}

const digestHex = (id: string) => id.replace(/^sha256:/, '').toLowerCase();

/** The build's attachments (index, manifest) include the image id. */
export function attachmentsName(inspected: InspectedBuild, imageId: string): boolean {
  const hex = digestHex(imageId);
  return (inspected.Attachments ?? []).some((a) => a.Digest !== undefined && digestHex(a.Digest) === hex);
}

/** The build's log names the image id where the exporter wrote it. */
export function logNames(log: string, imageId: string): boolean {
  const hex = digestHex(imageId);
  return log
    .split(/\r?\n/)
    .some(
      (line) =>
        /^#\d+ (writing image|exporting manifest list|exporting manifest|exporting config) sha256:/.test(line) && line.includes(hex),
    );
}

/**
 * The build may be of this Dockerfile (absolute path): an absolute local context and file name resolve to it; a
 * relative context (buildx records `.` as given) leaves the file name and the context folder's name (the record's
 * Name) to compare. Only a filter: the log must still name the image.
 */
export function buildOf(inspected: InspectedBuild & { Name?: string }, dockerfile: string): boolean {
  const context = inspected.Context;
  const file = inspected.Dockerfile || 'Dockerfile';
  if (!context || /^[a-z][a-z0-9+.-]*:\/\//i.test(context)) return false;
  if (path.isAbsolute(context)) return path.resolve(context, file) === path.resolve(dockerfile);
  const name = path.basename(path.resolve(path.dirname(dockerfile), path.dirname(file)));
  return (
    path.basename(file) === path.basename(dockerfile) && (inspected.Name === undefined || inspected.Name === name || inspected.Name === '')
  );
}

/** The docker CLI's environment for the engine Layerwise reads: its DOCKER_HOST, unless a context chose it. */
export function buildxEnvFor(endpoint: EngineEndpoint | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return !endpoint || endpoint.source === 'context' ? env : { ...env, DOCKER_HOST: endpoint.url };
}

/** How to run buildx: LAYERWISE_BUILDX (a standalone `docker-buildx`), else the user's `docker buildx`. */
export function buildxCommand(env: NodeJS.ProcessEnv = process.env): { file: string; args: string[] } | undefined {
  if (env.LAYERWISE_BUILDX) return { file: env.LAYERWISE_BUILDX, args: [] };
  const docker = findDockerCli(env);
  return docker ? { file: docker, args: ['buildx'] } : undefined;
}

/** stdout, or with `both` stdout and stderr: `history logs` prints the progress on stderr. */
function run(command: { file: string; args: string[] }, args: string[], env: NodeJS.ProcessEnv, both = false): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command.file,
      [...command.args, ...args],
      { env, timeout: 15_000, maxBuffer: 32 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) =>
        error ? reject(new Error(String(stderr).trim() || error.message)) : resolve(both ? `${stdout}\n${stderr}` : String(stdout)),
    );
  });
}

function listedBuilds(text: string): ListedBuild[] {
  const builds: ListedBuild[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as ListedBuild;
      if (typeof value.ref === 'string') builds.push(value);
    } catch {
      /* not a record */
    }
  }
  return builds;
}

export interface HistoryRequest {
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  model: DockerfileModel;
  imageId: string;
  /** DOCKER_HOST etc. for buildx; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How many of the newest builds to look at. */
  limit?: number;
}

/**
 * The engine's record of the build that made `imageId`, or undefined: no buildx, no history in this engine
 * (Docker 20.10), or no completed build among the newest `limit` that produced the image.
 */
export async function readHistoryRecord(request: HistoryRequest): Promise<HistoryRecord | undefined> {
  const env = request.env ?? process.env;
  const command = buildxCommand(env);
  if (!command) return undefined;
  let builds: ListedBuild[];
  try {
    builds = listedBuilds(await run(command, ['history', 'ls', '--format', 'json'], env));
  } catch {
    return undefined;
  }
  for (const build of builds.filter((b) => !b.status || b.status.toLowerCase() === 'completed').slice(0, request.limit ?? 20)) {
    const ref = build.ref.split('/').at(-1) ?? build.ref;
    try {
      const inspected = JSON.parse(await run(command, ['history', 'inspect', ref, '--format', 'json'], env)) as InspectedBuild;
      const named = attachmentsName(inspected, request.imageId);
      if (!named && !buildOf(inspected, request.dockerfile)) continue;
      const log = await run(command, ['history', 'logs', ref], env, true);
      if (!named && !logNames(log, request.imageId)) continue;
      return { ref, completedAt: inspected.CompletedAt, steps: stepsFromHistoryLog(request.model, log) };
    } catch {
      /* a record that went away or cannot be read: the next */
    }
  }
  return undefined;
}

/** Per line: the timing in the engine's record, marked as coming from there; {} for a step it does not know. */
export function historyTiming(
  record: HistoryRecord | undefined,
): (line: number, instruction: string) => StepTiming & { timeFrom?: string } {
  return (line, instruction) => {
    const step = record?.steps.find((s) => s.line === line && s.keyword === instruction.toUpperCase());
    if (!step) return {};
    return {
      ...(step.seconds !== undefined ? { seconds: step.seconds } : {}),
      ...(step.cached !== undefined ? { cached: step.cached } : {}),
      timeFrom: ENGINE_HISTORY,
    };
  };
}
