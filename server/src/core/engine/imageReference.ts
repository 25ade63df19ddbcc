// Image references are checked against the reference grammar of the distribution project (the one the docker CLI
// applies) before they go anywhere near an Engine API URL: a name like `../../host:1/x?` would otherwise be
// cleaned by the engine into a redirect to another host. Valid references are also percent-encoded in paths.
import type Dockerode from 'dockerode';
import { escapeControlCharsInline } from '../../../../common/text/escape';

// The grammar, piece by piece (distribution/reference, regexp.go).
const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})(?::[0-9]+)?`;
const name = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
/** A full image id as the engine prints it (`sha256:` + 64 hex), or the bare 64 hex digits. */
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;
const NAME_MAX_LENGTH = 255;
const SHOWN_MAX_LENGTH = 120;

export class InvalidImageReferenceError extends Error {
  constructor(
    readonly reference: string,
    reason: string,
  ) {
    const shown = escapeControlCharsInline(
      JSON.stringify(reference.length > SHOWN_MAX_LENGTH ? `${reference.slice(0, SHOWN_MAX_LENGTH)}…` : reference),
    );
    super(
      `${shown} is not a valid image reference (${reason}); expected NAME[:TAG][@DIGEST], e.g. registry.example:5000/team/app:1.2, or an image id`,
    );
  }
}

export interface ImageReference {
  /** Domain (with port) and path, as written. */
  name: string;
  tag?: string;
  digest?: string;
}

/** Why `text` is not a reference, or undefined when it is one. */
function problem(text: string): string | undefined {
  if (text === '') return 'it is empty';
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\s\x00-\x1f\x7f]/.test(text)) return 'it contains whitespace or control characters';
  if (text.split('/').some((part) => part === '..' || part === '.')) return 'it contains a "." or ".." path segment';
  if (/[?#%\\]/.test(text)) return 'it contains "?", "#", "%" or "\\"';
  if (text.includes('$')) return 'it contains an unexpanded variable';
  const match = REFERENCE.exec(text);
  if (!match)
    return /[A-Z]/.test(text.split('/').slice(-1)[0].split(/[:@]/)[0])
      ? 'repository names must be lowercase'
      : 'it does not follow the reference grammar';
  if (match[1].length > NAME_MAX_LENGTH) return `the name is longer than ${NAME_MAX_LENGTH} characters`;
  return undefined;
}

export function isImageReference(text: string): boolean {
  return IMAGE_ID.test(text) || problem(text) === undefined;
}

/** Parses a reference; throws InvalidImageReferenceError with the reason when it is not one. */
export function parseImageReference(text: string): ImageReference {
  if (IMAGE_ID.test(text)) return { name: text };
  const reason = problem(text);
  if (reason) throw new InvalidImageReferenceError(text, reason);
  const match = REFERENCE.exec(text)!;
  return { name: match[1], tag: match[2], digest: match[3] };
}

/** `text` itself when it is a valid reference or image id; throws InvalidImageReferenceError otherwise. */
export function checkImageReference(text: string): string {
  parseImageReference(text);
  return text;
}

/** The path segment for a checked reference: percent-encoded, so no character can change the URL's meaning. */
export function imagePathSegment(reference: string): string {
  return encodeURIComponent(checkImageReference(reference));
}

/** A dockerode Image for a reference, checked and encoded: every Engine API call about an image goes through here. */
export function engineImage(docker: Dockerode, reference: string): Dockerode.Image {
  return docker.getImage(imagePathSegment(reference));
}
