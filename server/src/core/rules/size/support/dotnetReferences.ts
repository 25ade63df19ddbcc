// The project files a .NET restore reads: the solutions' projects and, transitively, every
// <ProjectReference>. A restore fails on a missing one (MSB3202), so the prefetch must copy them all;
// when one is outside the context or computed by MSBuild (`$(…)`), no fix can name it.
import type { BuildContextFiles } from '../../../context/files';

const SLN_PROJECT = /^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+\.\w+proj)"/gm;
const SLNX_PROJECT = /<Project\s[^>]*\bPath="([^"]+)"/g;
const PROJECT_REFERENCE = /<ProjectReference\s[^>]*\bInclude="([^"]+)"/g;
const MAX_FILES = 200;

/** `a/b/../c\d.csproj` relative to folder `x` → `x/a/c/d.csproj`; undefined when it leaves the context. */
function resolve(folder: string, reference: string): string | undefined {
  const parts: string[] = folder ? folder.split('/') : [];
  for (const part of reference.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.pop() === undefined) return undefined;
    } else parts.push(part);
  }
  return parts.join('/');
}

function referencesOf(file: string, text: string): string[] {
  const pattern = /\.sln$/i.test(file) ? SLN_PROJECT : /\.slnx$/i.test(file) ? SLNX_PROJECT : PROJECT_REFERENCE;
  return [...text.matchAll(pattern)].map((m) => m[1]);
}

/**
 * `start` with every project they reference, transitively (context-relative paths, sorted); undefined when
 * a reference is computed, leaves the context, or names a file the context does not have.
 */
export function projectClosure(files: BuildContextFiles, start: readonly string[]): string[] | undefined {
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const text = files.read(file);
    if (text === undefined) return undefined;
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (const reference of referencesOf(file, text)) {
      if (reference.includes('$(')) return undefined;
      const target = resolve(folder, reference);
      if (target === undefined || files.kind(target) !== 'file') return undefined;
      if (seen.has(target)) continue;
      if (seen.size >= MAX_FILES) return undefined;
      seen.add(target);
      queue.push(target);
    }
  }
  return [...seen].sort();
}
