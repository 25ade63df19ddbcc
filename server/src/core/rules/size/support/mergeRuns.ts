// Merging two RUN instructions into one, as consecutive-run and apt-update-alone fix: the second
// RUN's body joins the first with `&&` in the first's continuation style; comment lines between them
// move into the continuation (Docker ignores them there), blank lines go. The merged RUN must fail exactly
// when one of the two did: `a && b` does when b is a plain `&&` chain, but a second body with a top-level `;`,
// `||`, `&` or a compound command would not (`false && rm -rf /x || true` succeeds), so such a body is
// wrapped in a subshell, `a && ( b )` — a subshell, not `{ …; }`, so the `cd`, `set` or variables it sets stay
// inside it, as they stayed in its own RUN. Refused when the result could behave differently otherwise:
// different flags, heredocs, exec form, shell state the first body sets anywhere outside a subshell (cd,
// export, set, VAR=…, exit, functions) that the second body would now run under, a first body under `set -e`
// whose last statement is compound (see appendKeepsErrexit), a shell comment in either body (it would swallow
// what is appended on the joined line), or a first body ending in `;` or `&`.
import type { Instruction } from '../../../model/syntax/index';
import { offsetAt, positionAt, DockerfileModel } from '../../../model/dockerfileModel';
import type { Operator, ShellScript } from '../../../shell/types';
import { runBodyText, shellOptions } from '../../../shell/index';
import type { TextEdit } from '../../../types';
import { continuationStyle, eol, flagSignature, instructionText } from './index';

export function mergeable(model: DockerfileModel, a: Instruction, sa: ShellScript, b: Instruction, sb: ShellScript): boolean {
  if (sa.kind !== 'shell' || sb.kind !== 'shell' || sa.hasHeredoc || sb.hasHeredoc) return false;
  if (sa.hasSyntaxError || sb.hasSyntaxError || sa.leaksShellState || sa.hasComment || sb.hasComment) return false;
  if (!appendKeepsErrexit(sa)) return false;
  if (flagSignature(sa) !== flagSignature(sb) || !sa.bodyRange || !sb.bodyRange || sa.commands.length === 0 || sb.commands.length === 0)
    return false;
  const body = instructionText(model, a).trimEnd();
  if (/[;&]$/.test(body)) return false;
  // A `#` after the last command on the last line would comment out what we append.
  const lastLine = model.lines[a.getRange().end.line] ?? '';
  const lastCommandEnd = sa.commands.reduce(
    (m, c) => (c.range.end.line === a.getRange().end.line ? Math.max(m, c.range.end.character) : m),
    -1,
  );
  if (lastLine.slice(Math.max(lastCommandEnd, 0)).includes('#')) return false;
  // A second body that needs wrapping: not where the escape is not a backslash (Windows files, whose RUNs cmd or
  // PowerShell may run), nor when it ends in an escape (it would escape the closing parenthesis).
  if (!plainChain(model, b, sb) && (model.escapeChar !== '\\' || instructionText(model, b).trimEnd().endsWith(model.escapeChar)))
    return false;
  return a.getRange().end.line < b.getRange().start.line;
}

/**
 * Whether `&& next` appended to the script keeps its failures: under `set -e` (the SHELL's, or a `set -e`
 * anywhere in the script, e.g. in the subshell of an earlier merge) a compound command or subshell on the left
 * of `&&` no longer stops at its failing commands — POSIX ignores -e there — so the script's last statement must
 * then be top-level commands only.
 */
export function appendKeepsErrexit(s: ShellScript): boolean {
  const errexit = s.errexit || s.commands.some((c) => c.name === 'set' && shellOptions(c.args.map((a) => a.value)).errexit);
  if (!errexit || s.commands.length === 0) return true;
  const last = s.commands[s.commands.length - 1].statement;
  return s.commands.every((c) => c.statement !== last || c.nesting.length === 0);
}

const CHAIN_OPERATORS = new Set<Operator | undefined>(['&&', '|', '|&']);
/** `;`, `||` or a lone `&` anywhere in the text (in quotes too: wrapping is never wrong, only sometimes unneeded). */
const LIST_OPERATOR = /;|\|\||(^|[^&])&(?!&)/;

/**
 * Top-level simple commands joined by `&&` (pipelines and `$( )` inside are fine), setting no shell state: `a && <body>`
 * fails exactly when `a` or the body does, so the body needs no wrapping. The text is checked too, as bare
 * assignments and arithmetic are not commands and would hide their operators.
 */
export function plainChain(model: DockerfileModel, run: Instruction, s: ShellScript): boolean {
  if (s.leaksShellState || LIST_OPERATOR.test(runBodyText(model, run))) return false;
  // Commands inside a `$( )` are part of a word, not of the list.
  if (!s.commands.every((c) => c.nesting.every((kind) => kind === 'substitution'))) return false;
  const top = s.commands.filter((c) => c.nesting.length === 0);
  return (
    top.length > 0 && top.every((c, k) => (k === top.length - 1 ? c.operatorAfter === undefined : CHAIN_OPERATORS.has(c.operatorAfter)))
  );
}

/**
 * The edits that turn `RUN a` … `RUN b` into `RUN a && b`, or `RUN a && ( b )` when b is more than a plain
 * `&&` chain (b's body taking b's place is not needed: they are adjacent).
 */
export function mergeIntoPrevious(model: DockerfileModel, a: Instruction, b: Instruction, sb: ShellScript): TextEdit[] {
  const aEnd = a.getRange().end;
  const bBody = sb.bodyRange!.start;
  const style = continuationStyle(model, a);
  const comments: string[] = [];
  for (let line = aEnd.line + 1; line < b.getRange().start.line; line++) {
    const text = model.lines[line] ?? '';
    if (text.trim() !== '') comments.push(`${text}\n`);
  }
  const escape = model.escapeChar;
  const indent = style.multiline ? style.indent : '    ';
  const wrap = !plainChain(model, b, sb);
  const open = wrap ? '( ' : '';
  const joiner = style.leading
    ? ` ${escape}\n${comments.join('')}${indent}&& ${open}`
    : ` && ${escape}\n${comments.join('')}${indent}${open}`;
  const nl = eol(model);
  const join: TextEdit = {
    range: { start: aEnd, end: positionAt(model, offsetAt(model, bBody)) },
    newText: nl === '\n' ? joiner : joiner.replace(/\n/g, nl),
  };
  if (!wrap) return [join];
  const bEnd = b.getRange().end;
  return [join, { range: { start: bEnd, end: bEnd }, newText: ' )' }];
}
