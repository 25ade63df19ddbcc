// A package cache's name as messages show it, in the user's language ("This leaves {0} in the layer").
// Each is its own literal so `npm run l10n` exports it; the English text is CACHES[id].label of
// packages/caches.ts, and a unit test keeps the two equal. A function per entry: the language is chosen
// after this module loads.
import * as l10n from '../../../l10n';
import type { CacheId, PackageCache } from '../../../packages/caches';

const LABELS: Record<CacheId, () => string> = {
  'apt-lists': () => l10n.t('the apt package lists'),
  'apk-cache': () => l10n.t('the apk cache'),
  'pip-cache': () => l10n.t("pip's download cache"),
  'npm-cache': () => l10n.t("npm's cache"),
  'yarn-cache': () => l10n.t("yarn's cache"),
  'yum-cache': () => l10n.t("yum's cache"),
  'dnf-cache': () => l10n.t("dnf's cache"),
  'zypper-cache': () => l10n.t("zypper's cache"),
};

export function cacheLabel(cache: PackageCache): string {
  return LABELS[cache.id]();
}
