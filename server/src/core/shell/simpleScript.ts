// A fast path for the many RUN bodies that are plain words joined by `&&`, `||`, `|` and `;`
// (`apt-get update && apt-get install -y curl`, `pip install -r requirements.txt`): split directly,
// with exactly the result tree-sitter would give (test/unit/shell/simpleScript.test.ts checks that on
// every such RUN of the corpus). Anything else — quotes, expansions, escapes, redirections, keywords,
// comments, bare assignments — goes to tree-sitter.
import type { CommandCollector } from './commands';
import type { Operator, ShellCommand, ShellWord } from './types';

const PLAIN_TEXT = /^[A-Za-z0-9 _.\/:=@+,%*\-\t\n|&;]*$/;
const OPERATORS = new Set(['&&', '||', '|', ';']);
/** Words tree-sitter reads as syntax or as special commands (declarations, keywords). */
const SPECIAL = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'in',
  'function', 'select', 'time', 'export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'unsetenv', '!', '{', '}', '[[', ']]', 'coproc']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `|`, `&`, `;`: the characters operators are made of. */
function isOperatorChar(c: number): boolean { return c === 124 || c === 38 || c === 59; }

/** Commands of a plain body, or undefined when the body needs the real parser. */
export function simpleCommands(text: string, collector: CommandCollector): ShellCommand[] | undefined {
  if (!PLAIN_TEXT.test(text)) return undefined;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let statement = 0;
  const flush = (op: Operator | undefined): boolean => {
    if (words.length === 0) return false;
    let i = 0;
    const assignments: ShellCommand['assignments'] = [];
    while (i < words.length && ASSIGNMENT.test(words[i].text)) {
      const eq = words[i].text.indexOf('=');
      assignments.push({ name: words[i].text.slice(0, eq), value: words[i].text.slice(eq + 1) });
      i++;
    }
    if (i === words.length) return false;
    const nameWord = words[i];
    commands.push({
      name: nameWord.text, nameWord, args: words.slice(i + 1), assignments,
      range: { start: words[0].range.start, end: words[words.length - 1].range.end }, operatorAfter: op, nesting: [], statement,
    });
    words = [];
    return true;
  };
  let previous = '';
  // A hand-rolled tokenizer (words, runs of `|&;`, line breaks): matchAll allocated a match per token.
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) { i++; continue; }
    const at = i;
    let token: string;
    if (c === 10) { token = '\n'; i++; } else if (isOperatorChar(c)) {
      while (i < length && isOperatorChar(text.charCodeAt(i))) i++;
      token = text.slice(at, i);
    } else {
      while (i < length) { const d = text.charCodeAt(i); if (d === 32 || d === 9 || d === 10 || isOperatorChar(d)) break; i++; }
      token = text.slice(at, i);
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
    words.push({ text: token, value: token, range: collector.range(at, i) });
  }
  if (words.length) {
    if (!flush(undefined)) return undefined;
  } else if (commands.length && commands[commands.length - 1].operatorAfter !== ';' && commands[commands.length - 1].operatorAfter !== undefined) {
    return undefined; // a dangling && / || / |
  }
  return commands;
}
