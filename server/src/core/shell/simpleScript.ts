// A fast path for the many RUN bodies that are plain words joined by `&&`, `||`, `|` and `;`
// (`apt-get update && apt-get install -y curl`, `pip install -r requirements.txt`, `echo 'a b' "c"`): split
// directly, with exactly the result tree-sitter would give (test/unit/shell/simpleScript.test.ts checks that
// on every such RUN of the corpus). Quotes are fine when nothing inside them expands (no `$`, backtick or
// backslash); anything else — expansions, escapes, redirections, keywords, comments, bare assignments —
// goes to tree-sitter.
import type { CommandCollector } from './commands';
import type { Operator, ShellCommand, ShellWord } from './types';

/** Characters a plain body may have outside quotes (inside them, see `quotedEnd`); braces only in `${NAME}`. */
const PLAIN_TEXT = /^[A-Za-z0-9 _./:=@+,%*~\-\t\n|&;'"${}]*$/;
/** Characters that neither end a word nor start a quote or an expansion, nor are braces (a group, `{a,b}`). */
const PLAIN_RUN = /[^ \t\n|&;'"${}]+/y;
/** `$NAME` or `${NAME}` at an offset: the only expansions the fast path takes (the word then has no static value). */
const SIMPLE_EXPANSION = /\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})/y;

/** End of a `$NAME` / `${NAME}` expansion starting at `at`, or -1. */
function expansionEnd(text: string, at: number): number {
  SIMPLE_EXPANSION.lastIndex = at;
  return SIMPLE_EXPANSION.test(text) ? SIMPLE_EXPANSION.lastIndex : -1;
}
const OPERATORS = new Set(['&&', '||', '|', ';']);
/** Words tree-sitter reads as syntax or as special commands (declarations, keywords). */
const SPECIAL = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'in',
  'function',
  'select',
  'time',
  'export',
  'declare',
  'typeset',
  'local',
  'readonly',
  'unset',
  'unsetenv',
  '!',
  '{',
  '}',
  '[[',
  ']]',
  'coproc',
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * End (after the closing quote) of a quoted part starting at `at`, or -1 when it is not static text:
 * single quotes may hold anything but a line break; double quotes no escapes, backticks or expansions other
 * than `$NAME` / `${NAME}` (which set `expands`: the word then has no static value).
 */
/** Set by `quotedEnd` and the word loop when the current word has a `$NAME` expansion. */
let expands = false;

function quotedEnd(text: string, at: number): number {
  const quote = text.charCodeAt(at);
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === 10 || c === 13) return -1;
    if (quote === 34 && c === 36 /* $ */) {
      const end = expansionEnd(text, i);
      if (end === -1) return -1;
      expands = true;
      i = end - 1;
      continue;
    }
    if (quote === 34 && (c === 96 /* ` */ || c === 92 /* \ */ || c === 33) /* ! */) return -1;
  }
  return -1;
}

/** `|`, `&`, `;`: the characters operators are made of. */
function isOperatorChar(c: number): boolean {
  return c === 124 || c === 38 || c === 59;
}

// Shared by every command of the fast path (nothing writes to a script's arrays): two arrays fewer per command.
const TOP_LEVEL: ShellCommand['nesting'] = [];
const NO_ASSIGNMENTS: ShellCommand['assignments'] = [];

/** Commands of a plain body, or undefined when the body needs the real parser. */
export function simpleCommands(text: string, collector: CommandCollector): ShellCommand[] | undefined {
  if (!PLAIN_TEXT.test(text)) return undefined;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  /** Where the current command's first word starts and its last word ends, in `text`. */
  let commandStart = 0;
  let commandEnd = 0;
  let statement = 0;
  const flush = (op: Operator | undefined): boolean => {
    if (words.length === 0) return false;
    let i = 0;
    const assignments: ShellCommand['assignments'] = words.length > 0 && ASSIGNMENT.test(words[0].text) ? [] : NO_ASSIGNMENTS;
    while (i < words.length && ASSIGNMENT.test(words[i].text)) {
      // The name part is plain (ASSIGNMENT matched the text), so `=` sits at the same index in the value.
      const eq = words[i].text.indexOf('=');
      assignments.push({ name: words[i].text.slice(0, eq), value: words[i].value?.slice(eq + 1) ?? words[i].text.slice(eq + 1) });
      i++;
    }
    if (i === words.length) return false;
    const nameWord = words[i];
    commands.push({
      name: nameWord.value ?? nameWord.text,
      nameWord,
      args: words.slice(i + 1),
      assignments,
      range: collector.range(commandStart, commandEnd),
      operatorAfter: op,
      nesting: TOP_LEVEL,
      statement,
    });
    words = [];
    return true;
  };
  let previous = '';
  /** The current word's value when it has quoted parts (quotes removed); undefined for a plain word. */
  let quotedValue: string | undefined;
  /** The current word has a `$NAME` expansion. */
  let wordExpands = false;
  expands = false;
  // A hand-rolled tokenizer (words, runs of `|&;`, line breaks): matchAll allocated a match per token.
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    const at = i;
    let token: string;
    if (c === 10) {
      token = '\n';
      i++;
    } else if (isOperatorChar(c)) {
      while (i < length && isOperatorChar(text.charCodeAt(i))) i++;
      token = text.slice(at, i);
    } else {
      // A word: plain characters and quoted parts, until a blank, a line break or an operator.
      let value = '';
      let bareExpansions = 0;
      let segment = i;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 32 || d === 9 || d === 10 || isOperatorChar(d)) break;
        if (d === 39 || d === 34) {
          const end = quotedEnd(text, i);
          if (end === -1) return undefined;
          value += text.slice(segment, i) + text.slice(i + 1, end - 1);
          i = segment = end;
          continue;
        }
        if (d === 36) {
          const end = expansionEnd(text, i);
          // tree-sitter-bash splits some words with two bare expansions (`a-$B-c-$D-e` → `a-$B-c-$`, `D-e`):
          // those go to it, so both paths keep agreeing.
          if (end === -1 || bareExpansions++ > 0) return undefined;
          expands = true;
          i = end;
          continue;
        }
        // A brace outside `${NAME}`: a group or a brace expansion, the parser's.
        if (d === 123 || d === 125) return undefined;
        // Skip the run of plain characters in one regex step (a JS loop per character was the cost on long files).
        PLAIN_RUN.lastIndex = i;
        i = PLAIN_RUN.test(text) ? PLAIN_RUN.lastIndex : i + 1;
      }
      token = text.slice(at, i);
      quotedValue = segment === at ? undefined : value + text.slice(segment, i);
      wordExpands = expands;
      expands = false;
    }
    const before = previous;
    previous = token;
    if (token === '\n') {
      // `a &&` at a line end continues on the next line: leave that to the parser.
      if (before === '&&' || before === '||' || before === '|') return undefined;
      if (words.length && !flush(undefined)) return undefined;
      if (commands.length && commands[commands.length - 1].statement === statement) statement++;
      continue;
    }
    if (isOperatorChar(c)) {
      if (!OPERATORS.has(token) || !flush(token as Operator)) return undefined;
      if (token === ';') statement++;
      continue;
    }
    if (SPECIAL.has(token) || (token.includes('*') && token.includes('='))) return undefined;
    if (words.length === 0) commandStart = at;
    commandEnd = i;
    words.push(collector.sourceWord(token, wordExpands ? undefined : (quotedValue ?? token), at, i));
  }
  if (words.length) {
    if (!flush(undefined)) return undefined;
  } else if (
    commands.length &&
    commands[commands.length - 1].operatorAfter !== ';' &&
    commands[commands.length - 1].operatorAfter !== undefined
  ) {
    return undefined; // a dangling && / || / |
  }
  return commands;
}

/** `cmd args <<EOF` (or `<<-EOF`, `<<'EOF'`, `<<"EOF"`) ending the first line, nothing after it on that line. */
const HEREDOC_START = /^([^\n<]*?)[ \t]*<<(-?)(['"]?)([A-Za-z_][A-Za-z0-9_]*)\3[ \t]*\n/;
/** `<<EOF cmd …`: a heredoc before the command name. */
const LEADING_HEREDOC = /^<<-?(['"]?)[A-Za-z_][A-Za-z0-9_]*\1[ \t]+(?=[^ \t\n])/;
/** What a heredoc body may hold on the fast path: nothing tree-sitter would read as an expansion or an escape. */
const INERT_BODY = /^[^$`\\\r]*$/;

/**
 * A plain command with one heredoc (`cat <<EOF > …` aside: nothing may follow the delimiter on its line), the body
 * inert and the delimiter line the last thing in the text: the command is its words, as tree-sitter gives them
 * (the heredoc is a redirection, not an argument). Undefined for anything else.
 */
export function simpleHeredocCommands(
  text: string,
  collector: CommandCollector,
): { commands: ShellCommand[]; hasSyntaxError: boolean } | undefined {
  const leading = LEADING_HEREDOC.exec(text);
  if (leading) return leadingHeredoc(text, leading[0].length, collector);
  const start = HEREDOC_START.exec(text);
  if (!start) return undefined;
  const [line, head, dash, , delimiter] = start;
  const rest = text.slice(line.length);
  if (!INERT_BODY.test(rest)) return undefined;
  const lines = rest.split('\n');
  const end = lines.findIndex((l) => (dash ? l.replace(/^\t+/, '') : l) === delimiter);
  // A body of at least one line, no body line that merely starts like the delimiter (tree-sitter's reading of
  // those differs from bash's), then only blank lines after the delimiter.
  if (end < 1 || lines.slice(0, end).some((l) => l.trimStart().startsWith(delimiter))) return undefined;
  if (lines.slice(end + 1).some((l) => l.trim() !== '')) return undefined;
  const commands = simpleCommands(head, collector);
  if (!commands || commands.length !== 1 || commands[0].operatorAfter !== undefined || commands[0].assignments.length > 0) return undefined;
  return { commands, hasSyntaxError: false };
}

/**
 * `<<EOF cmd` (a heredoc before the command name, as in BuildKit's `RUN <<EOF bash`): tree-sitter-bash does not
 * read it as a heredoc but as an error node, then the command, then every body line and the delimiter line as
 * commands of their own. Both paths must agree, so the fast path gives that same reading — the start blanked out,
 * the first command's range from the `<<`, statements counted after the error node — for plain bodies.
 */
function leadingHeredoc(
  text: string,
  startLength: number,
  collector: CommandCollector,
): { commands: ShellCommand[]; hasSyntaxError: boolean } | undefined {
  const commands = simpleCommands(' '.repeat(startLength) + text.slice(startLength), collector);
  if (!commands || commands.length === 0 || commands.some((c) => c.operatorAfter !== undefined || c.assignments.length > 0))
    return undefined;
  const [first] = commands;
  commands[0] = { ...first, range: { start: collector.range(1, 1).start, end: first.range.end } };
  for (const command of commands) command.statement++;
  return { commands, hasSyntaxError: true };
}
