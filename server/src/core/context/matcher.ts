// Whether a context path is excluded, with Docker's matching (@balena/dockerignore ports its fileutils: `**`,
// `!` exceptions, parent folders) — case-sensitive, as Docker matches on Linux, which is not the library's
// default. Every part of Layerwise that asks "is this in the build context" asks here.
import ignore from '@balena/dockerignore';
import type { DockerignoreFile } from './ignoreFile';

export interface ContextMatcher {
  /** A context-relative, `/`-separated path is excluded (or lies in an excluded folder). */
  ignores(relativePath: string): boolean;
  /**
   * An excluded folder must still be walked because a `!` exception could bring files back inside it (what
   * Docker's own walker checks too): the exception's literal leading folders lie on the folder's path.
   */
  mayReinclude(folder: string): boolean;
}

const NOTHING_IGNORED: ContextMatcher = { ignores: () => false, mayReinclude: () => false };

export function contextMatcher(patterns: readonly string[]): ContextMatcher {
  if (patterns.length === 0) return NOTHING_IGNORED;
  const matcher = ignore({ ignorecase: false }).add([...patterns]);
  const prefixes = patterns.filter((p) => p.startsWith('!')).map((p) => {
    const clean = p.slice(1).trim().replace(/^\/+/, '');
    const glob = clean.search(/[*?[\\]/);
    return glob < 0 ? clean : clean.slice(0, clean.lastIndexOf('/', glob) + 1);
  });
  return {
    ignores: (relative) => relative !== '' && matcher.ignores(relative),
    mayReinclude: (folder) => prefixes.some((prefix) => prefix === '' || prefix.startsWith(folder + '/') || (folder + '/').startsWith(prefix)),
  };
}

const byFile = new WeakMap<DockerignoreFile, ContextMatcher>();

/** The matcher of an ignore file, built once per loaded file; nothing is excluded without one. */
export function matcherFor(file: DockerignoreFile | undefined): ContextMatcher {
  if (!file) return NOTHING_IGNORED;
  let matcher = byFile.get(file);
  if (!matcher) {
    matcher = contextMatcher(file.patterns);
    byFile.set(file, matcher);
  }
  return matcher;
}
