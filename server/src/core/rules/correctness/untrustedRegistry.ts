import type { Copy, Flag } from '../../model/syntax/index';
import type { Range } from '../../types';
import type { Rule, Report } from '../rule';
import type { ConfiguredRuleContext } from '../../config/configuredContext';
import { parentStage } from '../../model/stages';
import * as l10n from '../../l10n';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A `trustedRegistries` entry as a glob, as hadolint reads it: `*` and `?` within a name, `[…]` classes. */
function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && glob.indexOf(']', i + 2) !== -1) {
      const close = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function trusted(registry: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const pattern = globPattern(p.trim());
    return pattern.test(registry) || (p.trim().toLowerCase() === 'docker.io' && DOCKER_HUB_ALIASES.has(registry));
  });
}

/** The registry of an image reference: the first path component when it has a `.` or `:` or is localhost. */
function registryOf(image: string): string {
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : 'docker.io';
}

/** Images named by `COPY --from=` and `RUN --mount=…,from=` (not stages, not stage indexes, not variables). */
function copiedImages(model: Parameters<Rule['check']>[0]): { image: string; range: Range }[] {
  const stageNames = new Set(model.stages.map((s) => s.name).filter((n): n is string => n !== undefined));
  const isImage = (value: string | null): value is string =>
    !!value && !value.includes('$') && !/^\d+$/.test(value) && !stageNames.has(value.toLowerCase()) && value !== 'scratch';
  const out: { image: string; range: Range }[] = [];
  for (const instruction of model.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'COPY') {
      const flag = (instruction as Copy).getFromFlag();
      const value = flag?.getValue() ?? null;
      if (isImage(value)) out.push({ image: value, range: flag!.getValueRange() ?? flag!.getRange() });
    } else if (keyword === 'RUN') {
      for (const flag of (instruction as unknown as { getFlags(): Flag[] }).getFlags()) {
        if (flag.getName() !== 'mount') continue;
        for (const option of flag.getOptions()) {
          const value = option.getValue();
          if (option.getName() === 'from' && isImage(value)) out.push({ image: value, range: option.getValueRange() ?? option.getRange() });
        }
      }
    }
  }
  return out;
}

// hadolint DL3026: with `trustedRegistries` in .hadolint.yaml, images may only come from those registries
// (supply-chain policy): FROM, and the images COPY --from= and RUN --mount=…,from= pull. Without the setting
// the rule is silent.
export const untrustedRegistry: Rule = {
  meta: {
    id: 'untrusted-registry',
    aliases: ['DL3026'],
    severity: 'error',
    tags: ['security'],
    summary: 'An image comes from a registry that `trustedRegistries` in .hadolint.yaml does not list.',
  },
  check(model, context) {
    const patterns = (context as ConfiguredRuleContext).trustedRegistries;
    const reports: Report[] = [];
    if (!patterns || patterns.length === 0) return reports;
    const report = (image: string, registry: string, range: Range) =>
      reports.push({
        range,
        message: l10n.t("'{0}' comes from {1}, which is not in trustedRegistries ({2}).", image, registry, patterns.join(', ')),
      });
    for (const stage of model.stages) {
      const image = stage.from.getImageName();
      if (!image || image === 'scratch' || image.includes('$') || parentStage(model, stage)) continue;
      // No registry in the reference means Docker Hub.
      const registry = (stage.from.getRegistry() ?? 'docker.io').toLowerCase();
      if (!trusted(registry, patterns))
        report(stage.from.getImage() ?? '', registry, stage.from.getImageRange() ?? stage.from.getInstructionRange());
    }
    for (const { image, range } of copiedImages(model)) {
      const registry = registryOf(image);
      if (!trusted(registry, patterns)) report(image, registry, range);
    }
    return reports;
  },
};
