import type { Rule, Report } from '../rule';
import type { ConfiguredRuleContext } from '../../config/configuredContext';
import { parentStage } from '../../model/stages';
import * as l10n from '../../l10n';

function trusted(registry: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const pattern = p.toLowerCase();
    if (pattern.startsWith('*.')) return registry.endsWith(pattern.slice(1));
    return registry === pattern || (pattern === 'docker.io' && (registry === 'index.docker.io' || registry === 'registry-1.docker.io'));
  });
}

// hadolint DL3026: with `trustedRegistries` in .hadolint.yaml, FROM may only pull from those registries
// (supply-chain policy). Without the setting the rule is silent.
export const untrustedRegistry: Rule = {
  meta: {
    id: 'untrusted-registry',
    aliases: ['DL3026'],
    severity: 'error',
    tags: ['security'],
    summary: 'FROM pulls from a registry that `trustedRegistries` in .hadolint.yaml does not list.',
  },
  check(model, context) {
    const patterns = (context as ConfiguredRuleContext).trustedRegistries;
    const reports: Report[] = [];
    if (!patterns || patterns.length === 0) return reports;
    for (const stage of model.stages) {
      const image = stage.from.getImageName();
      if (!image || image === 'scratch' || image.includes('$') || parentStage(model, stage)) continue;
      // dockerfile-ast splits `ghcr.io/org/tool` into registry and name; no registry means Docker Hub.
      const registry = (stage.from.getRegistry() ?? 'docker.io').toLowerCase();
      if (trusted(registry, patterns)) continue;
      reports.push({
        range: stage.from.getImageRange() ?? stage.from.getInstructionRange(),
        message: l10n.t("'{0}' comes from {1}, which is not in trustedRegistries ({2}).", stage.from.getImage() ?? '', registry, patterns.join(', ')),
      });
    }
    return reports;
  },
};
