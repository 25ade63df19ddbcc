// Build time, not size: a RUN that installs with pip or npm downloads every package again whenever its layer is
// rebuilt. A BuildKit cache mount over the download cache keeps the downloads between builds and out of the layer.
// No fix: the classic builder refuses RUN --mount, and only the author knows which builder builds the file; the
// message gives the exact flag.
// Only pip and npm: their caches are in a fixed place under root's home and are reused as they are. apt, apk, dnf
// and zypper images are configured to drop downloaded packages (Debian's docker-clean, keepcache=0, no
// /etc/apk/cache), so a mount alone saves little there; yarn's folder depends on its major version.
import type { Instruction } from '../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import type { Rule, Report } from '../rule';
import type { PackageCache } from '../../packages/caches';
import { stageChain } from '../../model/stages';
import { invocations, isInstall } from '../../packages/invocation';
import { CACHES, cacheFilledBy, cacheIsMounted } from '../../packages/caches';
import { runsMatching, script } from './support';
import { cacheLabel } from './support/cacheLabels';
import * as l10n from '../../l10n';
import { PerScript } from '../perScript';
import type { ShellScript } from '../../shell/index';

/** The caches this rule suggests mounting, and the variables that move or disable them (then it stays quiet). */
const MOUNTABLE: { cache: PackageCache; movedBy: RegExp }[] = [
  { cache: CACHES['pip-cache'], movedBy: /\bPIP_(NO_)?CACHE_DIR\b|\bXDG_CACHE_HOME\b/ },
  { cache: CACHES['npm-cache'], movedBy: /\bnpm_config_cache\b|\bNPM_CONFIG_CACHE\b/ },
];

const ROOT_USER = /^(root|0)(:.*)?$/;

/** The caches live under root's home: after `USER app` (here or in a parent stage) they are elsewhere. */
function runsAsRoot(model: DockerfileModel, stage: Stage, run: Instruction): boolean {
  let user: string | undefined;
  for (const s of stageChain(model, stage).reverse()) {
    for (const instruction of s.instructions) {
      if (instruction === run) break;
      if (instruction.getKeyword() === 'USER') user = instruction.getArgumentsContent()?.trim();
    }
  }
  return user === undefined || ROOT_USER.test(user);
}

export const packageCacheMount: Rule = {
  meta: {
    id: 'package-cache-mount',
    aliases: [],
    severity: 'hint',
    tags: ['cache'],
    summary: 'pip and npm installs download everything again on each rebuild; a cache mount keeps the downloads between builds.',
  },
  check(model) {
    const reports: Report[] = [];
    const candidates = MOUNTABLE.filter(({ movedBy }) => !movedBy.test(model.text));
    if (candidates.length === 0) return reports;
    const context = candidates.map(({ cache }) => cache.id).join(',');
    for (const { run, stage } of runsMatching(model, /\b(pip[\d.]*|npm)\b/)) {
      const s = script(model, run);
      if (s.hasSyntaxError) continue;
      const missing = keptMissing.of(s, (script) => missingMounts(script, candidates), context);
      if (missing.size === 0 || !runsAsRoot(model, stage, run)) continue;
      const mounts = [...missing].map((cache) => `--mount=type=cache,target=${cache.paths[0]}`);
      reports.push({
        range: run.getInstructionRange(),
        message: l10n.t(
          'Every rebuild of this RUN downloads its packages again. A cache mount keeps {0} between builds, outside the layer: `RUN {1}` (BuildKit).',
          [...missing].map(cacheLabel).join(', '),
          mounts.join(' '),
        ),
      });
    }
    return reports;
  },
};

/** The caches a RUN's installs fill without a mount; read from the script and the candidates (the context). */
const keptMissing = new PerScript<ReadonlySet<PackageCache>>();

function missingMounts(s: ShellScript, candidates: readonly (typeof MOUNTABLE)[number][]): ReadonlySet<PackageCache> {
  const missing = new Set<PackageCache>();
  for (const i of invocations(s.commands)) {
    if (!isInstall(i)) continue;
    const filled = cacheFilledBy(i);
    const candidate = candidates.find(({ cache }) => cache.id === filled?.id);
    if (!candidate || cacheIsMounted(s.mounts, candidate.cache)) continue;
    if (i.command.assignments.some((a) => candidate.movedBy.test(a.name))) continue;
    missing.add(candidate.cache);
  }
  return missing;
}
