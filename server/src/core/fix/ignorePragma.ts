// "Ignore this rule here": a `# layerwise ignore=<id>` comment on the line above the instruction,
// merged into an existing layerwise pragma there rather than stacking a second one. config/pragmas.ts
// reads the same syntax (it also accepts hadolint's `# hadolint ignore=DL…` and global/stage forms).
import type { DockerfileModel } from '../model/dockerfileModel';
import type { TextEdit } from '../types';
import { PRAGMA } from '../config/pragmas';
import { splitRefs } from '../config/ruleRefs';

export function ignorePragmaEdit(model: DockerfileModel, line: number, ruleId: string): TextEdit {
  const instruction = model.instructions.find((i) => {
    const r = i.getRange();
    return r.start.line <= line && line <= r.end.line;
  });
  const target = instruction ? instruction.getRange().start.line : line;
  const above = target > 0 ? model.lines[target - 1] : undefined;
  const existing = above !== undefined ? PRAGMA.exec(above) : null;
  // Only our own per-instruction pragma is extended; hadolint's and global/stage ones are left as written.
  if (existing && existing[1].toLowerCase() === 'layerwise' && !existing[2]) {
    const ids = splitRefs(existing[3]);
    if (!ids.includes(ruleId)) ids.push(ruleId);
    const indent = /^\s*/.exec(above!)![0];
    return {
      range: { start: { line: target - 1, character: 0 }, end: { line: target - 1, character: above!.length } },
      newText: `${indent}# layerwise ignore=${ids.join(',')}`,
    };
  }
  const indent = /^\s*/.exec(model.lines[target] ?? '')![0];
  // Keep the file's line endings: a CRLF file gets a CRLF pragma line.
  const eol = model.lineBreak;
  return {
    range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } },
    newText: `${indent}# layerwise ignore=${ruleId}${eol}`,
  };
}
