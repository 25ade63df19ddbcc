// The engines the engine tests run against: the one the product itself would use (DOCKER_HOST, the current
// context, the default socket — Debian bookworm's Docker 20.10 on CI) and, next to it, Docker 28 with the
// containerd image store and Podman 5, which scripts/lib/newer-engines.sh starts on sockets in
// $LAYERWISE_ENGINES_RUN. Tests run `for (const engine of engines())` with `[engine.name]` in their titles.
// An engine that is not up fails its tests with the reason under CI=true; elsewhere it is skipped, and says why.
//   LAYERWISE_ENGINES=host,docker28   run only these (default: all three)
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { openEngine, pingEngine } from '../../server/src/core/engine/connection';
import { curlEngineArgs, dockerHostUrl } from '../helpers/dockerCli';
import { BASE_IMAGES } from '../helpers/docker';

export type Builder = 'classic' | 'buildkit';
export type ImageStore = 'overlay2' | 'containerd' | 'podman';

export interface TestEngine {
  /** Short name, in every test title: host, docker28, podman5. */
  name: string;
  /** DOCKER_HOST for this engine (unix://…, tcp://…). */
  host: string;
  /** process.env with DOCKER_HOST pointing at this engine: give it to the docker CLI and to openEngine. */
  env: NodeJS.ProcessEnv;
  /** The builders the docker CLI can use against it ('classic' = the Engine API build: buildah on Podman). */
  builders: Builder[];
  /** The builder that knows heredocs, where one does (BuildKit ≥ 0.10 frontends, Buildah ≥ 1.33). */
  heredocBuilder?: Builder;
  /** Where the images live: the size accounting differs (docs/engines.md). */
  store: ImageStore;
  /** A standalone buildx (path) that builds on this engine: multi-platform, zstd layers, attestation manifests. */
  buildx?: string;
  /** How to bring it up when it is not answering. */
  howToStart: string;
}

/** Where newer-engines.sh puts the sockets; the same default as the script. */
export function newerEnginesRunDir(): string {
  return process.env.LAYERWISE_ENGINES_RUN || path.join(path.sep, 'run', 'layerwise-engines');
}

const SETUP = '"sudo bash scripts/setup-test-env.sh"';

function withHost(host: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host };
  // A context would only be used without DOCKER_HOST; drop it so nothing but DOCKER_HOST decides.
  delete env.DOCKER_CONTEXT;
  return env;
}

let cached: TestEngine[] | undefined;

/** The engines to test against, in order: host, docker28, podman5 (LAYERWISE_ENGINES selects). */
export function engines(): TestEngine[] {
  if (cached) return cached;
  const run = newerEnginesRunDir();
  // A broken DOCKER_HOST/context fails the host engine's tests (engineClient says why), not the module load.
  let hostUrl: string;
  try {
    hostUrl = dockerHostUrl();
  } catch (error) {
    hostUrl = `invalid-docker-host://${(error as Error).message}`;
  }
  const all: TestEngine[] = [
    {
      // The engine as the product resolves it; on CI that is bookworm's dockerd 20.10 (classic store).
      name: 'host',
      host: hostUrl,
      env: withHost(hostUrl),
      builders: ['classic', 'buildkit'],
      store: 'overlay2',
      howToStart: `Run ${SETUP}, or point DOCKER_HOST at an engine`,
    },
    {
      name: 'docker28',
      host: `unix://${path.join(run, 'docker28.sock')}`,
      env: withHost(`unix://${path.join(run, 'docker28.sock')}`),
      builders: ['classic', 'buildkit'],
      heredocBuilder: 'buildkit',
      store: 'containerd',
      buildx: path.join(run, 'docker-buildx'),
      howToStart: `Run ${SETUP} (it starts Docker 28 with the containerd image store, scripts/lib/newer-engines.sh)`,
    },
    {
      name: 'podman5',
      host: `unix://${path.join(run, 'podman5.sock')}`,
      env: withHost(`unix://${path.join(run, 'podman5.sock')}`),
      builders: ['classic'],
      heredocBuilder: 'classic',
      store: 'podman',
      howToStart: `Run ${SETUP} (it starts Podman 5's Docker-compatible service, scripts/lib/newer-engines.sh)`,
    },
  ];
  const wanted = process.env.LAYERWISE_ENGINES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  cached = wanted?.length ? all.filter((e) => wanted.includes(e.name)) : all;
  return cached;
}

/** The first engine: the one the slow, engine-independent tests run on. */
export function hostEngine(): TestEngine {
  return engines().find((e) => e.name === 'host') ?? engines()[0];
}

const clients = new Map<string, Promise<Dockerode>>();

/**
 * A dockerode client for the engine (opened by the product's own openEngine), checked to answer. When it does
 * not: under CI=true the test fails with the reason; elsewhere it is skipped and the reason printed.
 */
export async function engineClient(engine: TestEngine, test?: Mocha.Context): Promise<Dockerode> {
  let pending = clients.get(engine.name);
  if (!pending) {
    pending = (async () => {
      const connection = openEngine({ env: engine.env, timeoutMs: 10_000 });
      await pingEngine(connection);
      return connection.docker;
    })();
    clients.set(engine.name, pending);
  }
  try {
    return await pending;
  } catch (error) {
    const reason = `[${engine.name}] no engine answers at ${engine.host} (${(error as Error).message}). ${engine.howToStart}.`;
    if (process.env.CI !== 'true' && test) {
      console.warn(`      skipped: ${reason}`);
      test.skip();
    }
    throw new Error(reason);
  }
}

/** The base image's reference, checked to exist in this engine (fails, never skips, when it is missing). */
export async function requireBase(engine: TestEngine, name: keyof typeof BASE_IMAGES, test?: Mocha.Context): Promise<string> {
  const docker = await engineClient(engine, test);
  const ref = BASE_IMAGES[name];
  try {
    await docker.getImage(ref).inspect();
  } catch {
    throw new Error(`[${engine.name}] base image ${ref} is missing from ${engine.host}. Run ${SETUP} to load it.`);
  }
  return ref;
}

/** curl arguments for GET `apiPath` on this engine (unix socket or plain tcp; independent of dockerode). */
export function curlArgs(engine: TestEngine, apiPath: string): string[] {
  if (engine.name === 'host') return curlEngineArgs(apiPath); // tcp+TLS and contexts included
  const unix = /^unix:\/\/(.+)$/i.exec(engine.host);
  if (unix) {
    if (!fs.existsSync(unix[1])) throw new Error(`[${engine.name}] no socket at ${unix[1]}. ${engine.howToStart}.`);
    return ['-s', '--unix-socket', unix[1], `http://localhost${apiPath}`];
  }
  const url = new URL(engine.host);
  return ['-s', `http://${url.hostname}:${url.port || '2375'}${apiPath}`];
}

/** Whether an event's image name is `tag`: Podman names it fully qualified (docker.io/library/x:1, localhost/x:1). */
export function namesImage(name: string | undefined, tag: string): boolean {
  return name === tag || name === `docker.io/library/${tag}` || name === `localhost/${tag}`;
}
