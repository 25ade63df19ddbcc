import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

// BuildKit's FromPlatformFlagConstDisallowed and RedundantTargetPlatform (hadolint DL3029 warns on any
// --platform; we keep the `$BUILDPLATFORM` cross-compilation idiom, which is what the flag is for).
/** containerd's spellings of architectures, normalised as BuildKit's platform parser does. */
const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  i386: '386',
};

/** BuildKit allows a constant platform when the stage is named after it (`AS build_amd64`, `AS linux`). */
function stageNamedAfter(stageName: string | undefined, platform: string): boolean {
  if (!stageName) return false;
  const [os, arch] = platform.toLowerCase().split('/');
  const normalArch = arch === undefined ? undefined : (ARCH_ALIASES[arch] ?? arch);
  return (os !== '' && stageName.includes(os)) || (normalArch !== undefined && normalArch !== '' && stageName.includes(normalArch));
}

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
      } else if (!value.includes('$') && !stageNamedAfter(stage.name, value)) {
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
