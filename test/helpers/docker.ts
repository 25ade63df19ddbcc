// Shared by every test that needs the real Docker engine. There are no mocks of the engine: when it does not
// answer, the test fails and says how to start one (scripts/setup-test-env.sh does it all).
import Dockerode from 'dockerode';
import { dockerodeOptions, resolveEndpoint } from '../../server/src/core/engine/connection';

/** Base images built locally by scripts/setup-test-env.sh (no registry is reachable from the tests). */
export const BASE_IMAGES = {
  /** FROM scratch + busybox-static: a 2 MB image with a shell, built in a second. */
  busybox: 'layerwise-test/busybox:1',
  /** debootstrap --variant=minbase bookworm, imported: a real Debian with apt-get. */
  debian: 'layerwise-test/debian:bookworm',
} as const;

let engine: Dockerode | undefined;

/** A dockerode client for the engine the product would use (DOCKER_HOST, the current context…), checked to answer. */
export async function requireEngine(): Promise<Dockerode> {
  if (engine) return engine;
  const candidate = new Dockerode(dockerodeOptions(resolveEndpoint()));
  try {
    await candidate.ping();
  } catch (error) {
    throw new Error(`No Docker engine answers (${(error as Error).message}). Run "sudo bash scripts/setup-test-env.sh" first.`);
  }
  engine = candidate;
  return engine;
}

/** Fails (never skips) when a base image the setup script should have built is missing. */
export async function requireBaseImage(name: keyof typeof BASE_IMAGES): Promise<string> {
  const docker = await requireEngine();
  const ref = BASE_IMAGES[name];
  try {
    await docker.getImage(ref).inspect();
  } catch {
    throw new Error(`Base image ${ref} is missing. Run "sudo bash scripts/setup-test-env.sh" to build it.`);
  }
  return ref;
}
