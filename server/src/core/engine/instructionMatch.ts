// Decides whether a history entry was made by a Dockerfile instruction, by comparing normalised text.
// Each builder rewrites the text differently (classic hashes COPY sources, BuildKit prints EXPOSE as a Go map,
// both prefix RUN with the shell and the build args it saw, both expand $VARS outside RUN/CMD), so the
// comparison is per keyword. `$VAR` in the Dockerfile matches any text: values come from build args we may not know.
import type { Instruction, Property } from '../model/syntax/index';
import type { ParsedHistory } from './historyText';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** The instruction as Docker's parser sees it: continuations joined, comment lines inside them dropped. */
export function logicalText(instruction: Instruction, lines: string[], escape = '\\'): { keyword: string; body: string } {
  const range = instruction.getRange();
  const raw = lines.slice(range.start.line, range.end.line + 1);
  const hasHeredoc = /<<-?\s*["']?\w+/.test(raw[0] ?? '');
  let text: string;
  if (hasHeredoc) {
    text = raw.join('\n');
  } else {
    const kept = raw.filter((line, i) => i === 0 || !/^\s*#/.test(line));
    text = kept.map((line) => (line.trimEnd().endsWith(escape) ? line.trimEnd().slice(0, -1) : line)).join('');
  }
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return { keyword: instruction.getKeyword(), body: (m?.[2] ?? '').trim() };
}

export const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
const unquote = (s: string): string => s.replace(/["']/g, '');

/** Leading `--flag=value` options (RUN --mount, COPY --chown/--from/--link…): no builder records them reliably. */
export function stripFlags(body: string): string {
  return body.replace(/^(\s*--[\w-]+(=("[^"]*"|'[^']*'|\S)*)?\s+)+/, '').trim();
}

/** `expected` equals `actual`, where `$VAR` / `${VAR…}` in `expected` matches any text. */
export function wildEqual(expected: string, actual: string): boolean {
  if (!expected.includes('$')) return expected === actual;
  const pattern = expected
    .split(/(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part, i) => (i % 2 === 1 ? '.*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(actual);
}

function jsonArray(body: string): string[] | undefined {
  if (!body.startsWith('[')) return undefined;
  try {
    const value = JSON.parse(body);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

const words = (s: string): string[] =>
  unquote(s.replace(/map\[|:\{\}|[[\]{},&]/g, ' '))
    .split(/\s+/)
    .filter(Boolean);

/** RUN: history is `[|N K=V… ]<command>`; the command is shell + text (shell form) or the argv joined (exec form). */
function runComparer(body: string, shell: string[]): (parsed: ParsedHistory) => boolean {
  const heredoc = /<<-?\s*["']?(\w+)/.test(body);
  if (heredoc) {
    // BuildKit versions print heredocs differently; require every script line, in order, in the history text.
    const lines = body.split('\n').slice(1, -1).map(collapse).filter(Boolean);
    return (parsed) => {
      let at = 0;
      for (const line of lines) {
        const found = parsed.flat.indexOf(line, at);
        if (found < 0) return false;
        at = found + line.length;
      }
      return lines.length > 0;
    };
  }
  const exec = jsonArray(body);
  const command = collapse(exec ? exec.join(' ') : [...shell, stripFlags(body)].join(' '));
  // Buildah (Podman) records an exec-form RUN as the shell followed by the JSON text as written, and a
  // shell-form RUN after a SHELL instruction with the default shell.
  const written = collapse([...(exec ? shell : ['/bin/sh', '-c']), stripFlags(body)].join(' '));
  const recorded = (command_: string) => (parsed: ParsedHistory) =>
    parsed.flat === command_ || (parsed.flat.startsWith('|') && parsed.flat.endsWith(' ' + command_));
  const docker = recorded(command);
  const buildah = recorded(written);
  return (parsed) => docker(parsed) || buildah(parsed);
}

function copyMatches(body: string, parsed: ParsedHistory): boolean {
  const args = jsonArray(stripFlags(body)) ?? collapse(stripFlags(body)).split(' ');
  const dest = args[args.length - 1];
  if (parsed.builder === 'classic') {
    // `COPY [--chown=…] file:<sha>|dir:<sha>|multi:<sha> in <dest>`: only the destination survives.
    const m = /\bin (.+)$/.exec(collapse(parsed.body));
    return !!m && (wildEqual(dest, m[1]) || wildEqual(dest.replace(/\/$/, ''), m[1].replace(/\/$/, '')));
  }
  return wildEqual(collapse(args.join(' ')), collapse(stripFlags(parsed.body)));
}

function propertiesText(properties: Property[], withValues: boolean): string {
  return properties.map((p) => (withValues && p.getValue() !== null ? `${p.getName()}=${p.getValue()}` : p.getName())).join(' ');
}

const withProto = (port: string): string => (port.includes('/') ? port.toLowerCase() : `${port}/tcp`);

export interface MatchContext {
  /** The shell RUN/CMD/ENTRYPOINT shell forms use at this instruction (after SHELL instructions). */
  shell: string[];
  lines: string[];
}

/** Whether `parsed` (a history entry) records `instruction`. */
export function instructionMatches(instruction: Instruction, parsed: ParsedHistory, context: MatchContext): boolean {
  return instructionMatcher(instruction, context)(parsed);
}

/**
 * A predicate for history entries of one instruction. The instruction's text is read once here, so aligning
 * n instructions against m entries costs n text reads, not n×m.
 */
export function instructionMatcher(instruction: Instruction, context: MatchContext): (parsed: ParsedHistory) => boolean {
  const { keyword, body } = logicalText(instruction, context.lines);
  const compare = comparer(instruction, keyword, body, context);
  return (parsed) => parsed.keyword === keyword && compare(parsed);
}

function comparer(instruction: Instruction, keyword: string, body: string, context: MatchContext): (parsed: ParsedHistory) => boolean {
  switch (keyword) {
    case 'RUN':
      return runComparer(body, context.shell);
    case 'COPY':
    case 'ADD':
      return (parsed) => copyMatches(body, parsed);
    case 'ENV':
    case 'LABEL': {
      const expected = unquote(collapse(propertiesText((instruction as unknown as { getProperties(): Property[] }).getProperties(), true)));
      // Buildah (Podman) records the instruction as written, variables unexpanded; Docker records it expanded.
      const written = collapse(body);
      return (parsed) => wildEqual(expected, unquote(collapse(parsed.body))) || written === collapse(parsed.body);
    }
    case 'ARG': {
      // Build args may override the default: compare the names only. Buildah (Podman) records instead the
      // names that have a value so far in the stage (`ARG NO_DEFAULT` → "ARG ", a later one → "ARG EARLIER"):
      // accept an entry whose names were all declared by this or an earlier ARG.
      const names = (instruction as unknown as { getProperties(): Property[] }).getProperties().map((p) => p.getName());
      const declared = new Set([...names, ...argNamesBefore(instruction, context.lines)]);
      return (parsed) => {
        const seen = collapse(parsed.body)
          .split(' ')
          .filter(Boolean)
          .map((kv) => kv.split('=')[0]);
        return names.every((n) => seen.includes(n)) || seen.every((n) => declared.has(n));
      };
    }
    case 'EXPOSE': {
      const expected = words(body).map(withProto).sort().join(' ');
      return (parsed) => wildEqual(expected, words(parsed.body).map(withProto).sort().join(' '));
    }
    case 'CMD':
    case 'ENTRYPOINT': {
      const exec = jsonArray(body);
      const expected = collapse(unquote(exec ? exec.join(' ') : [...context.shell, body].join(' ')));
      // Buildah (Podman) records a shell-form CMD/ENTRYPOINT as written, without the shell.
      const written = collapse(body);
      return (parsed) => expected === words(parsed.body).join(' ') || (!exec && written === collapse(parsed.body));
    }
    case 'HEALTHCHECK': {
      const command = /\bCMD\s+([\s\S]*)$/i.exec(body)?.[1];
      if (!command) return (parsed) => /\bNONE\b/i.test(body) === /\bNONE\b/.test(parsed.body);
      const expected = words(jsonArray(command)?.join(' ') ?? command).join(' ');
      return (parsed) => words(parsed.body).join(' ').includes(expected);
    }
    case 'WORKDIR':
      return (parsed) => {
        const hist = collapse(parsed.body);
        // Classic records a relative WORKDIR resolved against the previous one.
        return wildEqual(body, hist) || (!body.startsWith('/') && hist.endsWith('/' + body));
      };
    default: {
      const expected = words(body).join(' ');
      return (parsed) => wildEqual(expected, words(parsed.body).join(' '));
    }
  }
}

/** Names declared by ARG lines above the instruction (a plain text scan: ARG bodies are simple). */
function argNamesBefore(instruction: Instruction, lines: string[]): string[] {
  const names: string[] = [];
  for (const line of lines.slice(0, instruction.getRange().start.line)) {
    const arg = /^\s*ARG\s+(.*)$/i.exec(line);
    if (arg) for (const word of arg[1].trim().split(/\s+/)) names.push(word.split('=')[0]);
  }
  return names;
}

/** The shell set by a SHELL instruction, if it is well-formed. */
export function shellOf(instruction: Instruction, lines: string[]): string[] | undefined {
  return jsonArray(logicalText(instruction, lines).body);
}
