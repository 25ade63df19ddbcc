// `docker://HOST[:PORT]/REPO[:TAG|@DIGEST]` (the containers/skopeo transport syntax) → where the image lives.
// The name part goes through the same reference grammar as engine references; the host must be written out,
// so no registry is ever contacted that the user did not name.
import { parseImageReference } from '../engine/imageReference';

export const REGISTRY_SCHEME = 'docker://';

export interface RegistryReference {
  /** `host[:port]` as written (IPv6 in brackets). */
  host: string;
  repository: string;
  /** The tag or the digest the manifest is fetched by. */
  reference: string;
  /** The whole reference without the scheme, for reports. */
  display: string;
}

export class RegistryReferenceError extends Error {}

export function isRegistryReference(text: string): boolean {
  return text.startsWith(REGISTRY_SCHEME);
}

export function parseRegistryReference(text: string): RegistryReference {
  if (!isRegistryReference(text)) throw new RegistryReferenceError(`"${text}" does not start with ${REGISTRY_SCHEME}`);
  const rest = text.slice(REGISTRY_SCHEME.length);
  const parsed = parseImageReference(rest);
  const slash = parsed.name.indexOf('/');
  const host = slash === -1 ? '' : parsed.name.slice(0, slash);
  // As in the docker CLI, the first component is a host only when it has a dot, a port or is localhost.
  if (!host || !(host.includes('.') || host.includes(':') || host === 'localhost' || host.startsWith('['))) {
    throw new RegistryReferenceError(`${text}: name the registry host, e.g. docker://registry.example:5000/team/app:1`);
  }
  const repository = parsed.name.slice(slash + 1);
  return { host, repository, reference: parsed.digest ?? parsed.tag ?? 'latest', display: rest };
}

/** Loopback hosts may be spoken to over plain HTTP without --insecure (as the docker daemon allows). */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
