import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

// BuildKit's FromPlatformFlagConstDisallowed and RedundantTargetPlatform (hadolint DL3029 warns on any
// --platform; we keep the `$BUILDPLATFORM` cross-compilation idiom, which is what the flag is for).
export const fromPlatformFlag: Rule = {
  meta: {
    id: 'from-platform-flag',
    aliases: ['FromPlatformFlagConstDisallowed', 'RedundantTargetPlatform', 'DL3029'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'FROM --platform should not be a constant, and `$TARGETPLATFORM` is the default anyway.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const flag = stage.from.getPlatformFlag();
      const value = flag?.getValue();
      if (!flag || !value) continue;
      if (/^\$\{?TARGETPLATFORM\}?$/.test(value)) {
        const r = flag.getRange();
        // Remove the flag and the space after it.
        const line = model.lines[r.end.line];
        let endCharacter = r.end.character;
        while (line[endCharacter] === ' ' || line[endCharacter] === '\t') endCharacter++;
        reports.push({
          range: r,
          message: l10n.t('--platform=$TARGETPLATFORM is redundant: it is the default platform of every stage.'),
          fixes: [
            {
              title: l10n.t('Remove the redundant --platform flag'),
              safe: true,
              edits: [{ range: { start: r.start, end: { line: r.end.line, character: endCharacter } }, newText: '' }],
            },
          ],
        });
      } else if (!value.includes('$')) {
        reports.push({
          range: flag.getRange(),
          message: l10n.t(
            'FROM --platform={0} pins a constant platform: the image no longer follows --platform of the build. Use $BUILDPLATFORM (for build tools) or drop the flag.',
            value,
          ),
        });
      }
    }
    return reports;
  },
};
