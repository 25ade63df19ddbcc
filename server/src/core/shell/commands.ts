// Turns a tree-sitter-bash syntax tree into plain commands: name, arguments with their Dockerfile
// ranges, the operator that follows each one, and how deeply it is nested.
import type { Node } from 'web-tree-sitter';
import { positionAt, DockerfileModel } from '../model/dockerfileModel';
import type { Range } from '../types';
import type { NestingKind, Operator, ShellCommand, ShellWord } from './types';
import type { RunSource } from './runSource';
import type { SourceText } from '../model/syntax/index';

const OPERATORS = new Set<string>(['&&', '||', ';', '|', '|&', '&', ';;']);

const NESTING: Record<string, NestingKind> = {
  subshell: 'subshell',
  compound_statement: 'group',
  if_statement: 'if',
  while_statement: 'loop',
  for_statement: 'loop',
  c_style_for_statement: 'loop',
  case_statement: 'case',
  function_definition: 'function',
  command_substitution: 'substitution',
  process_substitution: 'substitution',
  negated_command: 'negation',
};

/** Node types whose value never contains an expansion or a nested command. */
const PLAIN = new Set(['word', 'number', 'raw_string']);

const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

/**
 * A ShellWord whose range is computed on first read: most words of a file are never reported on, and their
 * eager positions were a fifth of what a long file's analysis kept alive. Plain data otherwise (`toJSON`).
 */
class SourceWord implements ShellWord {
  readonly #source: SourceText;
  readonly #start: number;
  readonly #end: number;
  #range: Range | undefined;

  constructor(
    readonly text: string,
    readonly value: string | undefined,
    source: SourceText,
    start: number,
    end: number,
  ) {
    this.#source = source;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return (this.#range ??= this.#source.rangeOf(this.#start, this.#end));
  }

  toJSON(): { text: string; value: string | undefined; range: Range } {
    return { text: this.text, value: this.value, range: this.range };
  }
}

/** Nesting whose effects on shell state stay inside: a subshell `( )` or a command substitution `$( )`. */
export function isolated(nesting: readonly NestingKind[]): boolean {
  return nesting.includes('subshell') || nesting.includes('substitution');
}

export class CommandCollector {
  readonly commands: ShellCommand[] = [];
  /** Saw a top-level `VAR=value` statement. */
  assignsVariables = false;
  /** Saw a `VAR=value` statement nested where it still sets the RUN's shell (a group, if, loop, case, function). */
  assignsNestedVariables = false;
  /** Saw a shell comment (`# …` to the end of the joined line). */
  hasComment = false;
  private statement = 0;

  /** `base`: where this RUN's text starts in the parsed text (several RUNs are parsed in one go). */
  constructor(
    private readonly model: DockerfileModel,
    private readonly source: RunSource,
    private readonly base = 0,
  ) {}

  /** Dockerfile offset of the parsed text's `index` (the start of a span). */
  private documentStart(index: number): number {
    const { offsets } = this.source;
    return offsets[Math.min(index - this.base, offsets.length - 1)];
  }

  /** Dockerfile offset just after the span [startIndex, endIndex) of the parsed text. */
  private documentEnd(startIndex: number, endIndex: number): number {
    return endIndex > startIndex ? this.documentStart(endIndex - 1) + 1 : this.documentStart(startIndex);
  }

  range(startIndex: number, endIndex: number): Range {
    return {
      start: positionAt(this.model, this.documentStart(startIndex)),
      end: positionAt(this.model, this.documentEnd(startIndex, endIndex)),
    };
  }

  /** A word of the parsed text; its Dockerfile range is worked out only if someone reads it. */
  sourceWord(text: string, value: string | undefined, startIndex: number, endIndex: number): ShellWord {
    return new SourceWord(text, value, this.model.syntax.source, this.documentStart(startIndex), this.documentEnd(startIndex, endIndex));
  }

  program(root: Node): void {
    this.statements(root.children);
  }

  /** Top-level statements of this RUN (a slice of the parsed program's children). */
  statements(children: readonly Node[]): void {
    this.sequence(children, [], true);
  }

  /** Statements separated by `;`, `&`, newlines (program, bodies of groups, loops, ifs). */
  private sequence(nodeOrChildren: Node | readonly Node[], nesting: NestingKind[], topLevel = false): void {
    const children = 'length' in nodeOrChildren ? nodeOrChildren : nodeOrChildren.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child.isNamed) continue;
      const next = children[i + 1];
      const op = next && !next.isNamed && OPERATORS.has(next.type) ? (next.type as Operator) : undefined;
      this.visit(child, nesting, op);
      if (topLevel) this.statement++;
    }
  }

  private visit(node: Node, nesting: NestingKind[], opAfter: Operator | undefined): void {
    switch (node.type) {
      case 'command':
        this.command(node, nesting, opAfter);
        return;
      case 'declaration_command':
      case 'unset_command':
      case 'test_command':
        this.builtin(node, nesting, opAfter);
        return;
      case 'list':
      case 'pipeline': {
        const children = node.children;
        for (let i = 0; i < children.length; i++) {
          const child = children[i];
          if (!child.isNamed) continue;
          const next = children[i + 1];
          const op = next && !next.isNamed && OPERATORS.has(next.type) ? (next.type as Operator) : opAfter;
          this.visit(child, nesting, op);
        }
        return;
      }
      case 'redirected_statement':
        this.redirected(node, nesting, opAfter);
        return;
      case 'variable_assignment':
      case 'variable_assignments':
        if (nesting.length === 0) this.assignsVariables = true;
        else if (!isolated(nesting)) this.assignsNestedVariables = true;
        return;
      case 'comment':
        this.hasComment = true;
        return;
      case 'heredoc_body':
        return;
      default: {
        const kind = NESTING[node.type];
        this.sequence(node, kind ? [...nesting, kind] : nesting);
      }
    }
  }

  /**
   * `cmd > f`, and `cat <<EOF > f && next`: tree-sitter puts what follows a heredoc start on that line
   * (`&& next`) inside the heredoc_redirect node, so those commands are read from there.
   */
  private redirected(node: Node, nesting: NestingKind[], opAfter: Operator | undefined): void {
    const tail: { node: Node; op: Operator | undefined }[] = [];
    let firstOp: Operator | undefined;
    let body: Node | undefined;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'heredoc_redirect') {
        const parts = child.children;
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i];
          if (!part.isNamed) {
            if (OPERATORS.has(part.type)) {
              if (tail.length) tail[tail.length - 1].op = part.type as Operator;
              else firstOp ??= part.type as Operator;
            }
            continue;
          }
          if (REDIRECTS.has(part.type) || part.type.startsWith('heredoc_')) continue;
          tail.push({ node: part, op: undefined });
        }
      } else if (!REDIRECTS.has(child.type) && child.type !== 'heredoc_body') {
        body ??= child;
      }
    }
    const firstOfBody = this.commands.length;
    if (body) this.visit(body, nesting, tail.length ? firstOp : opAfter);
    // `cmd > f` is one command: its range includes the redirections, so an edit appended after it
    // (`&& rm …`) does not steal them (they would then apply to the appended command).
    const redirects = node.namedChildren.filter((c): c is Node => !!c && (c.type === 'file_redirect' || c.type === 'herestring_redirect'));
    // tree-sitter reads `a && b > f` as a redirected list; bash gives the redirection to `b`, the last command.
    if (body && (body.type === 'command' || body.type === 'list') && redirects.length) {
      const own = this.commands.slice(firstOfBody).filter((c) => c.nesting.length === nesting.length);
      const command = own[own.length - 1];
      if (command) {
        const end = Math.max(...redirects.map((r) => r.endIndex));
        command.range = { start: command.range.start, end: this.range(end, end).end };
        const writes = redirects
          .filter((r) => r.type === 'file_redirect' && /^(>|>>|>\||&>|&>>)$/.test(r.children.find((c) => c && !c.isNamed)?.type ?? ''))
          .map((r) => r.childForFieldName('destination') ?? r.namedChildren[r.namedChildren.length - 1])
          .filter((d): d is Node => !!d)
          .map((d) => this.word(d));
        if (writes.length) command.writes = writes;
      }
    }
    tail.forEach((t, i) => this.visit(t.node, nesting, i === tail.length - 1 ? (t.op ?? opAfter) : t.op));
  }

  word(node: Node): ShellWord {
    return this.sourceWord(node.text, staticValue(node), node.startIndex, node.endIndex);
  }

  private command(node: Node, nesting: NestingKind[], opAfter: Operator | undefined): void {
    let nameWord: ShellWord | undefined;
    const args: ShellWord[] = [];
    const assignments: ShellCommand['assignments'] = [];
    const nested: Node[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        const [name, value] = [child.namedChildren[0], child.namedChildren[1]];
        assignments.push({ name: name?.text ?? '', value: value ? (staticValue(value) ?? value.text) : '' });
      } else if (child.type === 'command_name') {
        nameWord = this.word(child.namedChildren[0] ?? child);
        if (!PLAIN.has(child.namedChildren[0]?.type ?? '')) nested.push(child);
      } else if (!REDIRECTS.has(child.type)) {
        args.push(this.word(child));
        if (!PLAIN.has(child.type)) nested.push(child);
      }
    }
    // tree-sitter's error recovery can invent an empty (MISSING) command: not a command.
    if (!nameWord || nameWord.text === '') return;
    this.commands.push({
      name: nameWord.value ?? nameWord.text,
      nameWord,
      args,
      assignments,
      range: this.range(node.startIndex, node.endIndex),
      operatorAfter: opAfter,
      nesting,
      statement: this.statement,
    });
    // `$(…)` inside arguments run too (after the command is listed, so order stays readable).
    for (const n of nested) this.substitutions(n, nesting);
  }

  private builtin(node: Node, nesting: NestingKind[], opAfter: Operator | undefined): void {
    const children = node.children.filter((c): c is Node => c !== null);
    if (children.length === 0) return;
    const nameWord = this.word(children[0]);
    this.commands.push({
      name: nameWord.text,
      nameWord,
      args: children.slice(1).map((c) => this.word(c)),
      assignments: [],
      range: this.range(node.startIndex, node.endIndex),
      operatorAfter: opAfter,
      nesting,
      statement: this.statement,
    });
  }

  private substitutions(node: Node, nesting: NestingKind[]): void {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      this.sequence(node, [...nesting, 'substitution']);
      return;
    }
    for (const child of node.namedChildren) if (child && !PLAIN.has(child.type)) this.substitutions(child, nesting);
  }
}

/** The value of a word when it has no expansions: quotes removed, backslash escapes resolved. */
export function staticValue(node: Node): string | undefined {
  switch (node.type) {
    case 'word':
    case 'command_name':
      return node.text.includes('\\') ? node.text.replace(/\\(.)/gs, '$1') : node.text;
    case 'number':
      return node.text;
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      let value = '';
      for (const child of node.namedChildren) {
        if (!child || child.type !== 'string_content') return undefined;
        value += child.text;
      }
      return value;
    }
    case 'concatenation': {
      let value = '';
      for (const child of node.namedChildren) {
        const part = child ? staticValue(child) : undefined;
        if (part === undefined) return undefined;
        value += part;
      }
      return value;
    }
    default:
      return undefined;
  }
}
