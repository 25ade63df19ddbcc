// Parses the `created_by` text both builders write into image history, into the instruction keyword and its body.
//   classic:  /bin/sh -c #(nop)  ENV A=b        /bin/sh -c #(nop) COPY file:<hash> in /app
//             |2 A=1 B=2 /bin/sh -c make        /bin/sh -c apt-get update            (RUN: no keyword at all)
//   BuildKit: RUN |1 A=1 /bin/sh -c make # buildkit    COPY . /app # buildkit    ENV A=b    EXPOSE map[80/tcp:{}]
import { INSTRUCTION_KEYWORDS } from '../model/syntax/keywords';

// What image history can name: every instruction but FROM (a stage's start makes no history entry).
export const KEYWORDS: ReadonlySet<string> = new Set([...INSTRUCTION_KEYWORDS].filter((k) => k !== 'FROM'));

export interface ParsedHistory {
  /** RUN, COPY, ENV…; undefined when the text is not from a Dockerfile (e.g. `docker import`, `docker commit`). */
  keyword?: string;
  /** What follows the keyword. For RUN: the command line as executed, build-arg prefix (`|N …`) included. */
  body: string;
  builder: 'classic' | 'buildkit' | 'unknown';
  /** `body` with whitespace runs collapsed to one space (what comparisons use). */
  flat: string;
}

const BUILDKIT_SUFFIX = /\s*# buildkit\s*$/;

export function parseCreatedBy(createdBy: string): ParsedHistory {
  const parsed = parseParts(createdBy);
  return { ...parsed, flat: parsed.body.replace(/\s+/g, ' ').trim() };
}

function parseParts(createdBy: string): Omit<ParsedHistory, 'flat'> {
  let text = createdBy.replace(/\s+$/, '');
  const buildkit = BUILDKIT_SUFFIX.test(text);
  if (buildkit) text = text.replace(BUILDKIT_SUFFIX, '');
  const nop = /^(?:.*?)#\(nop\)\s*([A-Z]+)\b\s?(.*)$/s.exec(text);
  if (nop && KEYWORDS.has(nop[1])) return { keyword: nop[1], body: nop[2].trim(), builder: 'classic' };
  const first = /^([A-Z]+)(?:\s+|$)(.*)$/s.exec(text);
  if (first && KEYWORDS.has(first[1])) return { keyword: first[1], body: first[2].trim(), builder: 'buildkit' };
  // Classic RUN: the command itself (shell form or exec form), maybe after the build args it saw.
  if (text.startsWith('|') || text.startsWith('/') || /^[\w.-]+(\s|$)/.test(text)) {
    return { keyword: 'RUN', body: text.trim(), builder: 'classic' };
  }
  return { body: text.trim(), builder: 'unknown' };
}

/** Instructions that never make a filesystem layer (history `empty_layer`), in both builders. */
export const METADATA_KEYWORDS = new Set([
  'ARG',
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
]);
