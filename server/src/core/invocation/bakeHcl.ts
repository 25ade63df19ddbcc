// The part of HCL that docker-bake.hcl files are written in, read into the shape docker-bake.json has:
// `target "name" { … }`, `group "name" { … }` (and `variable`, `function` blocks, kept but unused) holding
// attributes whose values are strings, numbers, booleans, lists and objects. Anything Bake would have to
// evaluate — `${…}` templates, variables, function calls, conditionals, `for` expressions — reads as null,
// so callers leave it out instead of guessing. Blocks of the same type and name merge, later attributes
// winning, as Bake merges them. (Why not an HCL library: docs/architecture.md.)
import { InvocationFileError } from './invocation';

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

type Token =
  | { kind: 'ident'; text: string; line: number }
  | { kind: 'string'; text: string; plain: boolean; line: number }
  | { kind: 'number'; text: string; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'newline'; text: '\n'; line: number };

const PUNCT = new Set(['{', '}', '[', ']', '(', ')', '=', ',', ':', '.', '?', '!', '<', '>', '+', '-', '*', '/', '%', '&', '|']);

/** The text of a quoted string from `start` (at the opening quote); `plain` false when it holds a template. */
function readString(text: string, start: number, line: number): { token: Token; end: number } {
  let value = '';
  let plain = true;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { token: { kind: 'string', text: value, plain, line }, end: i + 1 };
    if (c === '\n') break;
    if (c === '\\') {
      const next = text[i + 1];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
      if (next in simple) {
        value += simple[next];
        i += 2;
        continue;
      }
      if (next === 'u' || next === 'U') {
        const length = next === 'u' ? 4 : 8;
        value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + length), 16) || 0xfffd);
        i += 2 + length;
        continue;
      }
      throw new InvocationFileError(`line ${line}: unknown escape \\${next ?? ''} in a string`);
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      value += c + '{'; // `$${` and `%%{` are the literal `${` and `%{`
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      // A template: skipped to its closing brace (strings inside it may hold braces).
      plain = false;
      let depth = 0;
      for (i += 1; i < text.length; i++) {
        if (text[i] === '"') i = readString(text, i, line).end - 1;
        else if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) break;
        else if (text[i] === '\n') throw new InvocationFileError(`line ${line}: unterminated template in a string`);
      }
      i++;
      continue;
    }
    value += c;
    i++;
  }
  throw new InvocationFileError(`line ${line}: unterminated string`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new InvocationFileError(`line ${line}: unterminated comment`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      const { token, end } = readString(text, i, line);
      tokens.push(token);
      i = end;
    } else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]/.test(text.slice(i, i + 4))) {
      // A heredoc: kept as a string (its indentation is not trimmed: no Bake attribute of interest is one).
      const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i));
      if (!header) throw new InvocationFileError(`line ${line}: a heredoc marker must end its line`);
      const bodyStart = i + header[0].length;
      const close = new RegExp(`^[ \\t]*${header[2]}[ \\t]*$`, 'm');
      const rest = text.slice(bodyStart);
      const match = close.exec(rest);
      if (!match) throw new InvocationFileError(`line ${line}: heredoc ${header[2]} is never closed`);
      const body = rest.slice(0, match.index);
      tokens.push({ kind: 'string', text: body, plain: !/[$%]\{/.test(body), line });
      line += (header[0] + body + match[0]).split('\n').length - 1;
      i = bodyStart + match.index + match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))![0];
      tokens.push({ kind: 'ident', text: word, line });
      i += word.length;
    } else if (/[0-9]/.test(c)) {
      const number = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))![0];
      tokens.push({ kind: 'number', text: number, line });
      i += number.length;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      throw new InvocationFileError(`line ${line}: unexpected character "${c}"`);
    }
  }
  return tokens;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.i++;
  }

  private fail(message: string): never {
    const token = this.peek() ?? this.tokens[this.tokens.length - 1];
    throw new InvocationFileError(`line ${token?.line ?? 1}: ${message}`);
  }

  private expect(text: string): void {
    if (this.peek()?.text !== text || this.peek()?.kind === 'string') this.fail(`expected "${text}"`);
    this.i++;
  }

  /** A body: attributes and blocks up to `}` (or the end of the file at the top). */
  body(top: boolean): Record<string, HclValue> {
    const result: Record<string, HclValue> = {};
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (!token) {
        if (top) return result;
        this.fail('a block is never closed');
      }
      if (token.kind === 'punct' && token.text === '}') {
        if (top) this.fail('"}" without a block to close');
        this.i++;
        return result;
      }
      if (token.kind !== 'ident') this.fail(`expected an attribute or a block, found "${token.text}"`);
      this.i++;
      if (this.peek()?.kind === 'punct' && this.peek()?.text === '=') {
        this.i++;
        result[token.text] = this.expression();
        const end = this.peek();
        if (end && end.kind !== 'newline' && !(end.kind === 'punct' && end.text === '}'))
          this.fail(`the value of ${token.text} goes on past the end of its line`);
        continue;
      }
      const labels: string[] = [];
      while (this.peek()?.kind === 'string' || this.peek()?.kind === 'ident') {
        labels.push(this.peek()!.text);
        this.i++;
      }
      this.expect('{');
      const block = this.body(false);
      mergeBlock(result, token.text, labels, block);
    }
  }

  /** One expression: a literal value, or null for anything Bake would evaluate (skipped to where it ends). */
  expression(): HclValue {
    this.skipNewlines();
    const start = this.i;
    const value = this.literal();
    // An operator, a call or an index after it: the whole expression is computed, not literal.
    const next = this.peek();
    if (value !== undefined && !(next && next.kind === 'punct' && !['}', ']', ',', ')', ':', '='].includes(next.text))) return value;
    this.i = start;
    this.skipExpression();
    return null;
  }

  private literal(): HclValue | undefined {
    const token = this.peek();
    if (!token) this.fail('a value is missing');
    if (token.kind === 'string') {
      this.i++;
      return token.plain ? token.text : null;
    }
    if (token.kind === 'number') {
      this.i++;
      return Number(token.text);
    }
    if (token.kind === 'ident' && ['true', 'false', 'null'].includes(token.text)) {
      this.i++;
      return token.text === 'null' ? null : token.text === 'true';
    }
    if (token.kind === 'punct' && token.text === '[') return this.list();
    if (token.kind === 'punct' && token.text === '{') return this.object();
    return undefined;
  }

  private list(): HclValue[] | undefined {
    this.expect('[');
    const items: HclValue[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek()?.text === ']' && this.peek()?.kind === 'punct') break;
      if (this.peek()?.kind === 'ident' && this.peek()?.text === 'for') return undefined;
      items.push(this.expression());
      this.skipNewlines();
      if (this.peek()?.kind === 'punct' && this.peek()?.text === ',') this.i++;
      else if (!(this.peek()?.kind === 'punct' && this.peek()?.text === ']')) this.fail('expected "," or "]" in a list');
    }
    this.i++;
    return items;
  }

  private object(): Record<string, HclValue> | undefined {
    this.expect('{');
    const result: Record<string, HclValue> = {};
    for (;;) {
      this.skipNewlines();
      const key = this.peek();
      if (key?.kind === 'punct' && key.text === '}') break;
      if (key?.kind === 'ident' && key.text === 'for') return undefined;
      if (!key || (key.kind !== 'ident' && key.kind !== 'string')) this.fail('expected a key in an object');
      if (key.kind === 'string' && !key.plain) return undefined;
      this.i++;
      if (!(this.peek()?.kind === 'punct' && (this.peek()?.text === '=' || this.peek()?.text === ':'))) return undefined;
      this.i++;
      result[key.text] = this.expression();
      this.skipNewlines();
      if (this.peek()?.kind === 'punct' && this.peek()?.text === ',') this.i++;
    }
    this.i++;
    return result;
  }

  /** Past an expression that is not a literal: to the end of its line, a `,` or a closing bracket at depth 0. */
  private skipExpression(): void {
    let depth = 0;
    for (let token = this.peek(); token; token = this.peek()) {
      if (token.kind === 'punct' && ['(', '[', '{'].includes(token.text)) depth++;
      else if (token.kind === 'punct' && [')', ']', '}'].includes(token.text)) {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0 && (token.kind === 'newline' || (token.kind === 'punct' && token.text === ','))) return;
      this.i++;
    }
    if (depth > 0) this.fail('a bracket is never closed');
  }
}

/**
 * `target "app" {…}` → result.target.app; a second block of the same name adds to (and overrides) the first,
 * maps such as `args` key by key, as Bake merges targets.
 */
function mergeBlock(result: Record<string, HclValue>, type: string, labels: string[], block: Record<string, HclValue>): void {
  if (labels.length === 0) {
    result[type] = block;
    return;
  }
  const byName = (result[type] ??= {}) as Record<string, HclValue>;
  const name = labels[0];
  const existing = byName[name];
  if (!isObject(existing)) {
    byName[name] = block;
    return;
  }
  const merged: Record<string, HclValue> = { ...existing };
  for (const [key, value] of Object.entries(block)) {
    const earlier = merged[key];
    merged[key] = isObject(earlier) && isObject(value) ? { ...earlier, ...value } : value;
  }
  byName[name] = merged;
}

const isObject = (value: HclValue | undefined): value is Record<string, HclValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws InvocationFileError (with the line) on text that is not HCL. */
export function readBakeHcl(text: string): Record<string, HclValue> {
  return new Reader(tokenize(text)).body(true);
}
