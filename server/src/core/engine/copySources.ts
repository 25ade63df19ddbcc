// Which build-context files each COPY/ADD reads. Sources are matched the way Docker does: Go's filepath.Match
// per path segment (`*`, `?`, `[…]`, no `**`), and a source naming a folder takes everything under it.
import type { Instruction } from '../model/syntax/index';
import type { DockerfileModel } from '../model/dockerfileModel';
import { logicalText, stripFlags } from './instructionMatch';

export interface CopySource {
  /** 1-based line of the COPY/ADD. */
  line: number;
  instruction: 'COPY' | 'ADD';
  /** Context-relative source patterns. */
  sources: string[];
  /** False for COPY --from, heredocs and ADD of URLs/git: nothing of the context is read. */
  fromContext: boolean;
  /** A source uses a $VARIABLE whose value is only known at build time. */
  unresolved: boolean;
}

function jsonArgs(body: string): string[] | undefined {
  if (!body.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(body);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

export function copySources(model: DockerfileModel): CopySource[] {
  const result: CopySource[] = [];
  for (const instruction of model.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'COPY' && keyword !== 'ADD') continue;
    result.push(sourcesOf(instruction, keyword, model.lines));
  }
  return result;
}

function sourcesOf(instruction: Instruction, keyword: 'COPY' | 'ADD', lines: string[]): CopySource {
  const { body } = logicalText(instruction, lines);
  const line = instruction.getRange().start.line + 1;
  const flags = body.slice(0, body.length - stripFlags(body).length);
  const args = jsonArgs(stripFlags(body)) ?? stripFlags(body).split(/\s+/).filter(Boolean);
  const sources = args
    .slice(0, -1)
    .filter((s) => !/^<<-?/.test(s) && !/^[a-z]+:\/\//i.test(s) && !/^git@/.test(s))
    .map((s) => s.replace(/^\.?\/+/, '').replace(/\/+$/, '') || '.');
  const fromContext = !/--from=/.test(flags) && sources.length > 0;
  return { line, instruction: keyword, sources, fromContext, unresolved: sources.some((s) => s.includes('$')) };
}

/** Go filepath.Match on whole paths (segments must line up), compiled once. */
export function goGlob(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, close);
      if (set.startsWith('^')) set = '^' + set.slice(1);
      else if (set.startsWith('!')) set = '^' + set.slice(1);
      out += `[${set.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) out += '\\' + pattern[++i];
    else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${out}$`);
  } catch {
    // A set JavaScript rejects (`[z-a]`, a reversed range) matches no name in Go either: the COPY finds nothing.
    return MATCHES_NOTHING;
  }
}

const MATCHES_NOTHING = /(?!)/;

/** A matcher for context-relative file paths: the file or one of its folders matches a source. */
export function sourceMatcher(sources: string[]): (file: string) => boolean {
  if (sources.includes('.')) return () => true;
  const globs = sources.map(goGlob);
  return (file) => {
    for (let end = file.length; end > 0; end = file.lastIndexOf('/', end - 1)) {
      const prefix = file.slice(0, end);
      if (globs.some((g) => g.test(prefix))) return true;
    }
    return false;
  };
}
