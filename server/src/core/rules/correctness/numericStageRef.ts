import type { Copy } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { TextEdit } from '../../types';
import { stageContaining } from '../../model/stages';
import { recaseLike } from './support';
import * as l10n from '../../l10n';

// `COPY --from=0` breaks silently when a stage is inserted above; a name says what is copied from where.
export const numericStageRef: Rule = {
  meta: {
    id: 'numeric-stage-ref',
    aliases: [],
    severity: 'warning',
    tags: ['correctness', 'style'],
    summary: 'Refer to build stages by name, not by index (`COPY --from=builder`, not `--from=0`).',
  },
  check(model) {
    const reports: Report[] = [];
    const taken = new Set(model.stages.map((s) => s.name).filter((n): n is string => !!n));
    const chosenNames = new Map<number, string>();
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      const flag = (instruction as Copy).getFromFlag();
      const value = flag?.getValue();
      const valueRange = flag?.getValueRange();
      if (!flag || value === null || value === undefined || !valueRange || !/^\d+$/.test(value)) continue;
      const index = Number(value);
      const current = stageContaining(model, instruction);
      const target = model.stages[index];
      // An index at or after the current stage is a different error (BuildKit rejects it); nothing to rename.
      if (!target || !current || index >= current.index) continue;
      let name = target.from.getBuildStage() ?? chosenNames.get(index);
      const edits: TextEdit[] = [];
      if (!name) {
        name = !taken.has('build') ? 'build' : `stage-${index}`;
        for (let n = 2; taken.has(name); n++) name = `stage-${index}-${n}`;
        taken.add(name);
        chosenNames.set(index, name);
        // Every numeric reference to this stage gets a fix; only one of them may add the name, and the
        // fixer applies edits of one finding at a time, so each fix carries the AS edit (overlaps are skipped).
      }
      if (!target.from.getBuildStage()) {
        const end = target.from.getRange().end;
        const as = recaseLike('as', target.from.getInstruction());
        edits.push({ range: { start: end, end }, newText: ` ${as} ${name}` });
      }
      edits.push({ range: valueRange, newText: name });
      reports.push({
        range: flag.getRange(),
        message: l10n.t(
          'Stage {0} is referenced by its index: inserting a stage above it silently changes what is copied. Name the stage and use --from={1}.',
          index,
          name,
        ),
        fixes: [{ title: l10n.t('Name stage {0} "{1}" and copy --from={1}', index, name), safe: true, edits }],
      });
    }
    return reports;
  },
};
