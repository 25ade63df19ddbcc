// The final image starts from a full distribution or language image where a slim variant exists
// (python:3.12 is ~1 GB, python:3.12-slim ~130 MB). A hint: the full image has compilers and headers some
// builds need. The fix swaps the tag when the slim variant's name is known; it changes the image, so unsafe.
import type { From } from '../../model/syntax/index';
import type { Rule } from '../rule';
import type { SizeReport } from './support';
import * as l10n from '../../l10n';

interface Variant {
  pattern: RegExp;
  slim(tag: string): string | undefined;
}

/** Tags that already are small variants (or are not Debian-based, where no slim exists). */
const ALREADY_SMALL = /(^|[-_.])(slim|alpine|distroless|minimal|micro|busybox|jre|windowsservercore|nanoserver|scratch)|^sha256:/;

// `python:3.12` → `3.12-slim`; `python:3.12-bookworm` → `3.12-slim-bookworm` (official python/ruby/perl/php naming).
const slimBeforeDistro = (tag: string) => {
  const m = /^(.*?)(?:-(bookworm|bullseye|buster|trixie))?$/.exec(tag)!;
  if (tag === 'latest' || tag === '') return m[2] ? `slim-${m[2]}` : 'slim';
  return m[2] ? `${m[1]}-slim-${m[2]}` : `${m[1]}-slim`;
};
// `node:20` → `20-slim`, `node:20-bookworm` → `20-bookworm-slim`, `debian:12` → `12-slim`.
const slimAfter = (tag: string) => (tag === 'latest' || tag === '' ? 'slim' : `${tag}-slim`);

const VARIANTS: Variant[] = [
  { pattern: /^(docker\.io\/)?(library\/)?(python|ruby|perl)$/, slim: slimBeforeDistro },
  { pattern: /^(docker\.io\/)?(library\/)?node$/, slim: (t) => (/^\d|^lts|^current|^latest$|^$/.test(t) ? slimAfter(t) : undefined) },
  {
    pattern: /^(docker\.io\/)?(library\/)?debian$/,
    slim: (t) => (/^(\d+|bookworm|bullseye|buster|trixie|stable|latest)?$/.test(t) ? slimAfter(t) : undefined),
  },
  { pattern: /^(docker\.io\/)?(library\/)?(openjdk|eclipse-temurin)$/, slim: (t) => (/jdk/.test(t) ? t.replace('jdk', 'jre') : undefined) },
];

// Ubuntu is left out: it has no slim variant and is already small (~30 MB compressed).
const FULL_DISTROS = /^(docker\.io\/)?(library\/)?(fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|archlinux|opensuse\/leap)$/;

export const largeBaseImage: Rule = {
  meta: {
    id: 'large-base-image',
    aliases: [],
    severity: 'hint',
    tags: ['size'],
    summary: 'The final stage starts from a full distribution or language image where a slim, alpine or distroless variant exists.',
  },
  check(model) {
    const stage = model.finalStage;
    if (!stage) return [];
    const from = stage.from as From;
    const name = from.getImageName();
    const nameRange = from.getImageNameRange();
    if (!name || !nameRange || name.includes('$') || model.stages.some((s) => s.name === name.toLowerCase())) return [];
    const tag = from.getImageTag() ?? '';
    if (ALREADY_SMALL.test(tag) || tag.includes('$') || from.getImageDigest()) return [];
    const reports: SizeReport[] = [];
    const variant = VARIANTS.find((v) => v.pattern.test(name));
    const slim = variant?.slim(tag);
    if (variant && slim && slim !== tag) {
      const tagRange = from.getImageTagRange();
      const edit = tagRange
        ? { range: tagRange, newText: slim }
        : { range: { start: nameRange.end, end: nameRange.end }, newText: `:${slim}` };
      reports.push({
        range: from.getImageRange() ?? nameRange,
        message: l10n.t(
          '`{0}` is the full image; `{1}:{2}` is usually several times smaller. Use it unless the runtime needs compilers or headers.',
          tag ? `${name}:${tag}` : name,
          name,
          slim,
        ),
        fixes: [{ title: l10n.t('Use {0}:{1}', name, slim), safe: false, edits: [edit] }],
      });
    } else if (FULL_DISTROS.test(name)) {
      reports.push({
        range: from.getImageRange() ?? nameRange,
        message: l10n.t(
          'The final image starts from the full `{0}` distribution. If it only runs an artifact, a slim, distroless or alpine base is much smaller (build in an earlier stage).',
          name,
        ),
        fixes: [],
      });
    }
    return reports;
  },
};
