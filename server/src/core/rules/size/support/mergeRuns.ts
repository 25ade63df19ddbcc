// Merging two RUN instructions into one, as consecutive-run and apt-update-alone fix: the second
// RUN's body joins the first with `&&` in the first's continuation style; comment lines between them
// move into the continuation (Docker ignores them there), blank lines go. Refused when the result could
// behave differently: different flags, heredocs, exec form, a shell-state change (cd, export, VAR=…)
// that would leak into the second body, or a first body ending in a comment, `;` or `&`.
import type { Instruction } from '../../../model/syntax/index';
import { offsetAt, positionAt, DockerfileModel } from '../../../model/dockerfileModel';
import type { ShellScript } from '../../../shell/types';
import type { TextEdit } from '../../../types';
import { continuationStyle, eol, flagSignature, instructionText } from './index';

export function mergeable(model: DockerfileModel, a: Instruction, sa: ShellScript, b: Instruction, sb: ShellScript): boolean {
  if (sa.kind !== 'shell' || sb.kind !== 'shell' || sa.hasHeredoc || sb.hasHeredoc) return false;
  if (sa.hasSyntaxError || sb.hasSyntaxError || sa.changesShellState) return false;
  if (flagSignature(sa) !== flagSignature(sb) || !sa.bodyRange || !sb.bodyRange || sa.commands.length === 0) return false;
  const body = instructionText(model, a).trimEnd();
  if (/[;&]$/.test(body)) return false;
  // A `#` after the last command on the last line would comment out what we append.
  const lastLine = model.lines[a.getRange().end.line] ?? '';
  const lastCommandEnd = sa.commands.reduce((m, c) => (c.range.end.line === a.getRange().end.line ? Math.max(m, c.range.end.character) : m), -1);
  if (lastLine.slice(Math.max(lastCommandEnd, 0)).includes('#')) return false;
  return a.getRange().end.line < b.getRange().start.line;
}

/** The edit that turns `RUN a` … `RUN b` into `RUN a && b` (b's body taking b's place is not needed: they are adjacent). */
export function mergeIntoPrevious(model: DockerfileModel, a: Instruction, b: Instruction, sb: ShellScript): TextEdit {
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
  const joiner = style.leading ? ` ${escape}\n${comments.join('')}${indent}&& ` : ` && ${escape}\n${comments.join('')}${indent}`;
  const nl = eol(model);
  return { range: { start: aEnd, end: positionAt(model, offsetAt(model, bBody)) }, newText: nl === '\n' ? joiner : joiner.replace(/\n/g, nl) };
}
