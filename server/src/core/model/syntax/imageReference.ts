// The parts of an image reference `[registry/]name[:tag][@digest]`, as the distribution reference
// grammar splits them: the first path component is a registry when it has a `.` or a `:` or is
// `localhost`. Delimiters inside variable references (`${REG:-x.io}/app:${TAG}`) do not count.
import type { SourceText } from './source';
import type { Variable } from './nodes';

interface Span {
  start: number;
  end: number;
}
export interface ImageReference {
  registry?: Span;
  name: Span;
  tag?: Span;
  digest?: Span;
}

export function imageReference(source: SourceText, start: number, end: number, variables: readonly Variable[]): ImageReference {
  const text = source.text;
  const masked = (i: number) => variables.some((v) => v.start < i && i < v.end);
  const lastIndex = (ch: string, from: number, to: number): number => {
    for (let i = to - 1; i >= from; i--) if (text[i] === ch && !masked(i)) return i;
    return -1;
  };
  const firstIndex = (ch: string, from: number, to: number): number => {
    for (let i = from; i < to; i++) if (text[i] === ch && !masked(i)) return i;
    return -1;
  };
  const at = lastIndex('@', start, end);
  const digest = at === -1 ? undefined : { start: at + 1, end };
  const beforeDigest = at === -1 ? end : at;
  const slash = lastIndex('/', start, beforeDigest);
  const colon = lastIndex(':', slash === -1 ? start : slash + 1, beforeDigest);
  const tag = colon === -1 ? undefined : { start: colon + 1, end: beforeDigest };
  const nameEnd = colon === -1 ? beforeDigest : colon;
  let nameStart = start;
  let registry: Span | undefined;
  const firstSlash = firstIndex('/', start, nameEnd);
  if (firstSlash !== -1) {
    const component = text.slice(start, firstSlash);
    if (firstIndex('.', start, firstSlash) !== -1 || firstIndex(':', start, firstSlash) !== -1 || component === 'localhost') {
      registry = { start, end: firstSlash };
      nameStart = firstSlash + 1;
    }
  }
  return { registry, name: { start: nameStart, end: nameEnd }, tag, digest };
}
