import type { JSONInstruction, Copy } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import type { ConfiguredRuleContext } from '../../config/configuredContext';
import { matcherFor } from '../../context/matcher';
import * as l10n from '../../l10n';

// BuildKit's CopyIgnoredFile: a COPY/ADD source that .dockerignore excludes is not in the build context,
// so the step copies nothing or fails with "not found" — usually a pattern that is too broad.
export const copyIgnoredFile: Rule = {
  meta: {
    id: 'copy-ignored-file',
    aliases: ['CopyIgnoredFile'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'COPY/ADD names a file that .dockerignore excludes from the build context.',
  },
  check(model, context) {
    const dockerignore = (context as ConfiguredRuleContext).dockerignore;
    const reports: Report[] = [];
    if (!dockerignore || dockerignore.patterns.length === 0) return reports;
    const matcher = matcherFor(dockerignore);
    for (const instruction of model.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      // ADD has no getFromFlag(); both have flags.
      if ((instruction as Copy).getFlags().some((f) => f.getName() === 'from')) continue;
      const json = (instruction as JSONInstruction).getJSONStrings();
      const sources =
        json.length > 0
          ? json.slice(0, -1).map((s) => ({ value: s.getJSONValue(), range: s.getRange() }))
          : instruction
              .getArguments()
              .slice(0, -1)
              .map((a) => ({ value: a.getUnquotedValue(), range: a.getRange() }));
      for (const source of sources) {
        // Wildcards, variables, heredocs and URLs are not plain paths of the context.
        if (/[*?[$]|^<<|^[a-z][a-z0-9+.-]*:\/\//i.test(source.value) || source.value.startsWith('[')) continue;
        const normalized = source.value
          .replace(/^(\.\/)+/, '')
          .replace(/^\/+/, '')
          .replace(/\/+$/, '');
        if (normalized === '' || normalized === '.' || !matcher.ignores(normalized)) continue;
        reports.push({
          range: source.range,
          message: l10n.t(
            "'{0}' is excluded by {1}: it is not in the build context, so {2} fails or copies nothing. Adjust the pattern (or add '!{3}').",
            source.value,
            dockerignore.file.split(/[\\/]/).pop() ?? '',
            keyword,
            normalized,
          ),
        });
      }
    }
    return reports;
  },
};
