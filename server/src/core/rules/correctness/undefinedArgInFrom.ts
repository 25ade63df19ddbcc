import type { Variable } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import { BUILTIN_ARGS, didYouMean, globalArgs } from './support';
import * as l10n from '../../l10n';

// BuildKit's UndefinedArgInFrom: FROM can only use ARGs declared before the first FROM (and BuildKit's own).
// An undeclared one expands to the empty string, and `--build-arg` cannot set it.
export const undefinedArgInFrom: Rule = {
  meta: {
    id: 'undefined-arg-in-from',
    aliases: ['UndefinedArgInFrom'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'FROM uses a build argument that no ARG before the first FROM declares.',
  },
  check(model) {
    const reports: Report[] = [];
    const declared = globalArgs(model);
    for (const stage of model.stages) {
      for (const variable of stage.from.getVariables() as Variable[]) {
        const name = variable.getName();
        if (declared.has(name) || BUILTIN_ARGS.has(name)) continue;
        const suggestion = didYouMean(name, [...declared.keys(), ...BUILTIN_ARGS]);
        reports.push({
          range: variable.getNameRange(),
          message: suggestion
            ? l10n.t(
                "FROM uses '{0}', which no ARG before the first FROM declares: it expands to an empty string and --build-arg cannot set it. Did you mean '{1}'?",
                name,
                suggestion,
              )
            : l10n.t(
                "FROM uses '{0}', which no ARG before the first FROM declares: it expands to an empty string and --build-arg cannot set it. Declare `ARG {0}` at the top of the file.",
                name,
              ),
          fixes: suggestion
            ? [{ title: l10n.t("Use '{0}'", suggestion), safe: false, edits: [{ range: variable.getNameRange(), newText: suggestion }] }]
            : [],
        });
      }
    }
    return reports;
  },
};
