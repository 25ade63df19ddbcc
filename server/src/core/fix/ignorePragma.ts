// "Ignore this rule here": a `# layerwise ignore=<id>` comment on the line above the instruction,
// merged into an existing pragma there rather than stacking a second one.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { TextEdit } from '../types';

export const IGNORE_PRAGMA = /^(\s*)#\s*layerwise\s+ignore=([\w,\s-]+?)\s*$/i;

export function ignorePragmaEdit(model: DockerfileModel, line: number, ruleId: string): TextEdit {
  const instruction = model.instructions.find((i) => {
    const r = i.getRange();
    return r.start.line <= line && line <= r.end.line;
  });
  const target = instruction ? instruction.getRange().start.line : line;
  const above = target > 0 ? model.lines[target - 1] : undefined;
  const existing = above !== undefined ? IGNORE_PRAGMA.exec(above) : null;
  if (existing) {
    const ids = existing[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.includes(ruleId)) ids.push(ruleId);
    return { range: { start: { line: target - 1, character: 0 }, end: { line: target - 1, character: above!.length } }, newText: `${existing[1]}# layerwise ignore=${ids.join(',')}` };
  }
  const indent = /^\s*/.exec(model.lines[target] ?? '')![0];
  return { range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } }, newText: `${indent}# layerwise ignore=${ruleId}\n` };
}
