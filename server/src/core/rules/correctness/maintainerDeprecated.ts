import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

// BuildKit's MaintainerDeprecated / hadolint DL4000: MAINTAINER is deprecated since Docker 1.13; the OCI label says the same.
export const maintainerDeprecated: Rule = {
  meta: {
    id: 'maintainer-deprecated',
    aliases: ['MaintainerDeprecated', 'DL4000'],
    severity: 'warning',
    tags: ['style'],
    summary: 'MAINTAINER is deprecated: use `LABEL org.opencontainers.image.authors=…`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'MAINTAINER') continue;
      const range = instruction.getRange();
      const value = instruction
        .getArguments()
        .map((a) => a.getValue())
        .join(' ');
      const single = range.start.line === range.end.line && value.length > 0;
      const label = `${instruction.getInstruction() === 'maintainer' ? 'label' : 'LABEL'} org.opencontainers.image.authors=${JSON.stringify(value)}`;
      reports.push({
        range: instruction.getInstructionRange(),
        message: l10n.t('MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors="…" instead.'),
        fixes: single
          ? [{ title: l10n.t('Replace with LABEL org.opencontainers.image.authors'), safe: false, edits: [{ range, newText: label }] }]
          : [],
      });
    }
    return reports;
  },
};
