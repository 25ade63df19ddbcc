import type { Variable } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import { globalArgs } from './support';
import * as l10n from '../../l10n';

// BuildKit's InvalidDefaultArgInFrom: `ARG TAG` without a default makes `FROM image:${TAG}` an invalid
// reference (`image:`) unless every build passes --build-arg TAG.
export const invalidDefaultArgInFrom: Rule = {
  meta: {
    id: 'invalid-default-arg-in-from',
    aliases: ['InvalidDefaultArgInFrom'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'A build argument used in FROM has no default, so the image reference is invalid unless it is passed.',
  },
  check(model) {
    const reports: Report[] = [];
    const declared = globalArgs(model);
    for (const stage of model.stages) {
      for (const variable of stage.from.getVariables() as Variable[]) {
        const name = variable.getName();
        // `${TAG:-default}` supplies its own default.
        if (declared.get(name)?.hasDefault !== false || variable.getModifier() !== null) continue;
        reports.push({
          range: variable.getNameRange(),
          message: l10n.t("ARG '{0}' has no default value: without --build-arg {0}=… this FROM names an invalid image. Give it a default (`ARG {0}=…`).", name),
        });
      }
    }
    return reports;
  },
};
