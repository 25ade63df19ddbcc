// Builds a Dockerfile with its context: with the user's `docker` CLI when there is one (so BuildKit and their
// builder settings apply), else through the Engine API (dockerode `buildImage`, classic builder) with a tar of
// the context that honours .dockerignore. Progress, log lines, cancellation and the failing line for both.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { parseDockerfile } from '../model/dockerfileModel';
import type { EngineEndpoint } from './connection';
import { BuildOutputParser, type BuildProgress } from './buildProgress';
import { walkContext } from '../context/walk';
import { packContext } from '../context/contextTar';
import { findIgnoreFile } from '../context/ignoreFile';
import { readWorkspaceText, LIMITS } from '../fs/readWorkspaceFile';
import { jsonLineSplitter } from './events';
import { DOCKERFILE_LABEL, dockerfileLabelValue } from './images';

export interface BuildRequest {
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  /** Build context folder; defaults to the Dockerfile's folder. */
  context?: string;
  tag: string;
  target?: string;
  buildArgs?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?(progress: BuildProgress): void;
  onLog?(line: string): void;
}

export interface BuildResult {
  ok: boolean;
  tag: string;
  imageId?: string;
  cancelled?: boolean;
  /** 1-based line of the instruction that failed, when it could be found. */
  failedLine?: number;
  message?: string;
  /** Which way the build ran. */
  via: 'cli' | 'api';
}

/** The `docker` executable on PATH, if any. */
export function findDockerCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['docker.exe'] : ['docker'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        /* next */
      }
    }
  }
  return undefined;
}

function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    const parts = pending.split(/\r?\n|\r/);
    pending = parts.pop() ?? '';
    parts.forEach(onLine);
  };
}

function readModel(request: BuildRequest): BuildOutputParser {
  let text = '';
  try {
    text = readWorkspaceText(request.dockerfile, LIMITS.dockerfile);
  } catch {
    /* the builder reports it */
  }
  return new BuildOutputParser(parseDockerfile(text));
}

export interface CliBuildOptions {
  /** Path of the docker CLI (default: found on PATH). */
  dockerCli: string;
  /** Environment for the CLI; DOCKER_HOST (or DOCKER_CONTEXT) is set from `endpoint`, the engine Layerwise uses. */
  env?: NodeJS.ProcessEnv;
  endpoint?: EngineEndpoint;
}

/**
 * The CLI's environment, pointed at the engine Layerwise is connected to however it was found (setting,
 * DOCKER_HOST, context, default socket, Podman): left alone, the CLI would pick its own and could build in an
 * engine the lenses do not read (e.g. a dead default socket while Podman is connected).
 */
export function cliEnvironment(options: Pick<CliBuildOptions, 'env' | 'endpoint'>): NodeJS.ProcessEnv {
  const env = { ...(options.env ?? process.env) };
  const endpoint = options.endpoint;
  if (!endpoint) return env;
  if (endpoint.source === 'context' && endpoint.contextName) {
    // The context carries its TLS material; the CLI reads it from the same config folder.
    delete env.DOCKER_HOST;
    env.DOCKER_CONTEXT = endpoint.contextName;
  } else {
    env.DOCKER_HOST = endpoint.url;
    delete env.DOCKER_CONTEXT;
  }
  return env;
}

/** `docker build -f F -t TAG [--target T] --label dev.layerwise.dockerfile=sha256:<hash of F> --iidfile … CONTEXT`. */
export function buildWithCli(request: BuildRequest, options: CliBuildOptions): Promise<BuildResult> {
  const context = request.context ?? path.dirname(request.dockerfile);
  // The docker CLI would block on a .dockerignore that is a FIFO (or read /dev/zero without end): refuse first,
  // whichever builder it picks.
  const problem = (['buildkit', 'classic'] as const)
    .map((builder) => findIgnoreFile(context, { dockerfile: request.dockerfile, builder })?.problem)
    .find(Boolean);
  if (problem) return Promise.resolve({ ok: false, tag: request.tag, via: 'cli', message: problem });
  const iidDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-build-'));
  const iidFile = path.join(iidDir, 'iid');
  // --force-rm: the classic builder otherwise keeps the failed step's container around (BuildKit ignores it).
  const args = [
    'build',
    '-f',
    request.dockerfile,
    '-t',
    request.tag,
    '--label',
    `${DOCKERFILE_LABEL}=${dockerfileLabelValue(request.dockerfile)}`,
    '--iidfile',
    iidFile,
    '--force-rm',
  ];
  if (request.target) args.push('--target', request.target);
  for (const [k, v] of Object.entries(request.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push(context);
  const env = cliEnvironment(options);
  const parser = readModel(request);
  return new Promise((resolve) => {
    const child = spawn(options.dockerCli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGINT');
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
    };
    if (request.signal?.aborted) onAbort();
    else request.signal?.addEventListener('abort', onAbort, { once: true });
    const log: string[] = [];
    const onLine = (line: string) => {
      log.push(line);
      if (log.length > 200) log.shift();
      request.onLog?.(line);
      const progress = parser.push(line);
      if (progress) request.onProgress?.(progress);
    };
    child.stdout.on('data', lineReader(onLine));
    child.stderr.on('data', lineReader(onLine));
    const finish = (result: Omit<BuildResult, 'tag' | 'via'>) => {
      request.signal?.removeEventListener('abort', onAbort);
      fs.rmSync(iidDir, { recursive: true, force: true });
      resolve({ ...result, tag: request.tag, via: 'cli' });
    };
    child.on('error', (error) => finish({ ok: false, message: `Could not run ${options.dockerCli}: ${error.message}` }));
    child.on('close', (code) => {
      if (code === 0 && !cancelled) {
        let imageId: string | undefined;
        try {
          imageId = fs.readFileSync(iidFile, 'utf8').trim() || undefined;
        } catch {
          /* older CLIs */
        }
        finish({ ok: true, imageId });
        return;
      }
      if (cancelled) {
        finish({ ok: false, cancelled: true, message: 'Build cancelled' });
        return;
      }
      const failed = parser.failure();
      finish({
        ok: false,
        failedLine: failed?.line,
        message: parser.errorText ?? log.filter(Boolean).slice(-1)[0] ?? `docker build exited with ${code}`,
      });
    });
  });
}

interface BuildMessage {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Engine API build (classic builder): the context tar holds only files .dockerignore lets through. */
export async function buildWithApi(request: BuildRequest, docker: Dockerode): Promise<BuildResult> {
  const context = request.context ?? path.dirname(request.dockerfile);
  const relDockerfile = path.relative(context, request.dockerfile).split(path.sep).join('/');
  if (relDockerfile.startsWith('..')) {
    return {
      ok: false,
      tag: request.tag,
      via: 'api',
      message: `The Dockerfile must be inside the build context (${context}) to build through the Engine API`,
    };
  }
  // The tar is ours to make: it honours `<Dockerfile>.dockerignore` as BuildKit does, so an API build sends
  // what the lenses counted and what `docker build` sends with Docker's default builder.
  const walk = await walkContext(context, {
    maxFiles: Number.POSITIVE_INFINITY,
    maxMs: Number.POSITIVE_INFINITY,
    dockerfile: request.dockerfile,
    builder: 'buildkit',
  });
  if (walk.dockerignoreProblem) return { ok: false, tag: request.tag, via: 'api', message: walk.dockerignoreProblem };
  const src = [...new Set([relDockerfile, ...walk.files.map((f) => f.path)])];
  const parser = readModel(request);
  let stream: NodeJS.ReadableStream;
  try {
    // Options left out rather than undefined: Podman rejects an empty `buildargs=` query parameter.
    const options: Record<string, unknown> = {
      t: request.tag,
      dockerfile: relDockerfile,
      labels: { [DOCKERFILE_LABEL]: dockerfileLabelValue(request.dockerfile) },
      forcerm: true,
    };
    if (request.target) options.target = request.target;
    if (request.buildArgs) options.buildargs = request.buildArgs;
    if (request.signal) options.abortSignal = request.signal;
    stream = await docker.buildImage(packContext(context, src), options as Dockerode.ImageBuildOptions);
  } catch (error) {
    return { ok: false, tag: request.tag, via: 'api', cancelled: request.signal?.aborted, message: (error as Error).message };
  }
  return new Promise((resolve) => {
    let imageId: string | undefined;
    let error: string | undefined;
    let done = false;
    const finish = (result: Omit<BuildResult, 'tag' | 'via'>) => {
      if (!done) {
        done = true;
        resolve({ ...result, tag: request.tag, via: 'api' });
      }
    };
    const onLine = (line: string) => {
      request.onLog?.(line);
      const progress = parser.push(line);
      if (progress) request.onProgress?.(progress);
    };
    stream.on(
      'data',
      jsonLineSplitter((value) => {
        const message = value as BuildMessage;
        if (message.aux?.ID) imageId = message.aux.ID;
        if (message.stream)
          message.stream
            .split('\n')
            .filter((l) => l.trim())
            .forEach(onLine);
        if (message.error) {
          error = message.errorDetail?.message ?? message.error;
          onLine(error);
        }
      }),
    );
    stream.on('error', (e: Error) =>
      finish({ ok: false, cancelled: request.signal?.aborted, message: request.signal?.aborted ? 'Build cancelled' : e.message }),
    );
    stream.on('end', () => {
      if (request.signal?.aborted) finish({ ok: false, cancelled: true, message: 'Build cancelled' });
      else if (error || !imageId)
        finish({ ok: false, failedLine: parser.failure()?.line, message: error ?? 'The engine reported no image id' });
      else finish({ ok: true, imageId });
    });
  });
}

/** The CLI when one is found (or given), else the Engine API. */
export function buildImage(
  request: BuildRequest,
  docker: Dockerode,
  options: Partial<CliBuildOptions> & { preferApi?: boolean } = {},
): Promise<BuildResult> {
  const cli = options.preferApi ? undefined : (options.dockerCli ?? findDockerCli(options.env));
  return cli ? buildWithCli(request, { ...options, dockerCli: cli }) : buildWithApi(request, docker);
}
