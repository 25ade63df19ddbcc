// DL3032 / DL3040 / DL3036 / DL3060, and npm: yum, dnf, microdnf, zypper, yarn and npm leave their
// download caches in the layer unless the same RUN cleans them after the install (or a cache mount holds them).
import type { Rule } from '../rule';
import { invocations } from '../../packages/invocation';
import { cacheFilledBy, cacheIsMounted, removesCache, PackageCache } from '../../packages/caches';
import type { PackageInvocation } from '../../packages/invocation';
import { appendCommand, runsMatching, script, statementEnd, SizeReport } from './support';
import { cacheLabel } from './support/cacheLabels';
import * as l10n from '../../l10n';

const HANDLED = new Set(['yum-cache', 'dnf-cache', 'zypper-cache', 'yarn-cache', 'npm-cache']);

export const packageCacheNotCleaned: Rule = {
  meta: {
    id: 'package-cache-not-cleaned',
    aliases: ['DL3032', 'DL3040', 'DL3036', 'DL3060'],
    severity: 'warning',
    tags: ['size'],
    summary: 'yum/dnf/microdnf/zypper/yarn/npm installs leave their package cache in the image unless the same RUN cleans it.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    for (const { run, inFinalImage } of runsMatching(model, /\b(yum|dnf|microdnf|zypper|yarn|npm)\b/, { triggers: true })) {
      if (!inFinalImage) continue;
      const s = script(model, run);
      if (s.kind !== 'shell' && s.kind !== 'exec') continue;
      // One report per cache kind per RUN, on its last install (the clean goes after it).
      const byCache = new Map<string, { cache: PackageCache; last: PackageInvocation }>();
      for (const i of invocations(s.commands)) {
        const cache = cacheFilledBy(i);
        if (!cache || !HANDLED.has(cache.id)) continue;
        byCache.set(cache.id, { cache, last: i });
      }
      for (const { cache, last } of byCache.values()) {
        // A clean before the last install does not count: that install fills the cache again.
        const after = s.commands.slice(s.commands.indexOf(last.command) + 1);
        if (cacheIsMounted(s.mounts, cache) || after.some((c) => removesCache(c, cache))) continue;
        const edit = appendCommand(model, run, s, statementEnd(s, last.command), cache.cleanCommand);
        reports.push({
          range: last.command.range,
          message:
            cache.id === 'npm-cache' || cache.id === 'yarn-cache'
              ? l10n.t(
                  'This leaves {0} in the layer. Clean it in the same RUN: `&& {1}`, or use a cache mount.',
                  cacheLabel(cache),
                  cache.cleanCommand,
                )
              : l10n.t('This leaves {0} in the layer. Clean it in the same RUN: `&& {1}`.', cacheLabel(cache), cache.cleanCommand),
          fixes: edit ? [{ title: l10n.t('Append {0}', cache.cleanCommand), safe: true, edits: [edit] }] : [],
        });
      }
    }
    return reports;
  },
};
