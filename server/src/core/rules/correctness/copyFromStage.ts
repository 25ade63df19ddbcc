import type { Copy } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import { stageContaining } from '../../model/stages';
import { didYouMean, SeverityReport } from './support';
import * as l10n from '../../l10n';

// hadolint DL3022 / DL3023: `COPY --from=<name>` must name an earlier stage. A name that is no stage is
// pulled as an image (`docker.io/library/<name>`), which is almost always a typo; the own stage is an error.
export const copyFromStage: Rule = {
  meta: {
    id: 'copy-from-stage',
    aliases: ['DL3022', 'DL3023'],
    severity: 'warning',
    tags: ['correctness'],
    summary: '`COPY --from` should name an earlier stage (not a later one, not its own).',
  },
  check(model) {
    const reports: Report[] = [];
    // The first stage of each name, once: a lookup per COPY would be quadratic in files of many stages.
    const stageByName = new Map<string, (typeof model.stages)[number]>();
    for (const stage of model.stages) if (stage.name !== undefined && !stageByName.has(stage.name)) stageByName.set(stage.name, stage);
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      const flag = (instruction as Copy).getFromFlag();
      const value = flag?.getValue();
      const range = flag?.getValueRange();
      if (!value || !range || value.includes('$')) continue;
      const current = stageContaining(model, instruction);
      if (!current) continue;
      if (/^\d+$/.test(value)) {
        // An index names a stage too: its own index or a later one is the same mistake as its own or a later name.
        const index = Number(value);
        if (index === current.index) {
          reports.push({ range, message: l10n.t('COPY --from={0} refers to its own stage: a stage cannot copy from itself.', value) });
        } else if (index > current.index) {
          reports.push({
            range,
            message: l10n.t('COPY --from={0} refers to a later stage: stages can only copy from stages defined above them.', value),
          });
        }
        continue;
      }
      // Registry paths, tags and digests name images.
      if (/[/:@.]/.test(value)) continue;
      const lower = value.toLowerCase();
      const target = stageByName.get(lower);
      if (target && target.index < current.index) continue;
      if (target === current) {
        reports.push({ range, message: l10n.t('COPY --from={0} refers to its own stage: a stage cannot copy from itself.', value) });
        continue;
      }
      const earlier = model.stages.filter((s) => s.index < current.index && s.name).map((s) => s.from.getBuildStage()!);
      const suggestion = didYouMean(value, earlier);
      const report: SeverityReport = {
        range,
        message: target
          ? l10n.t('COPY --from={0} refers to a later stage: stages can only copy from stages defined above them.', value)
          : suggestion
            ? l10n.t(
                "No earlier stage is named '{0}': unless the build passes `--build-context {0}=…`, BuildKit pulls an image called '{0}'. Did you mean '{1}'?",
                value,
                suggestion,
              )
            : l10n.t(
                "No earlier stage is named '{0}': unless the build passes `--build-context {0}=…`, BuildKit pulls an image called '{0}'.",
                value,
              ),
        fixes: suggestion
          ? [{ title: l10n.t("Copy from stage '{0}'", suggestion), safe: false, edits: [{ range, newText: suggestion }] }]
          : [],
      };
      // A name that is no stage and resembles none is most likely a named build context: say so quietly.
      if (!target && !suggestion) report.severity = 'info';
      reports.push(report);
    }
    return reports;
  },
};
