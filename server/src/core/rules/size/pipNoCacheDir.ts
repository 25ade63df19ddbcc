// DL3042: pip keeps every downloaded wheel in ~/.cache/pip. Not reported when the cache is a
// `--mount=type=cache` (that is the better fix) or PIP_NO_CACHE_DIR is set (ENV, `VAR=1 pip …`, or `export` earlier in the RUN).
import type { PropertyInstruction } from '../../model/syntax/index';
import type { Rule } from '../rule';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import type { ShellCommand } from '../../shell/types';
import { stageChain } from '../../model/stages';
import { invocations, isInstall } from '../../packages/invocation';
import { CACHES, cacheFilledBy, cacheIsMounted, removesCache } from '../../packages/caches';
import { insertOptionAfter, runsMatching, script, SizeReport } from './support';
import { editable } from './support';
import * as l10n from '../../l10n';

const pipCache = CACHES['pip-cache'];

/** `ENV PIP_NO_CACHE_DIR=…` in the stage or the stages it is built FROM (any value but false/0/off). */
function noCacheDirEnv(model: DockerfileModel, stage: Stage): boolean {
  for (const s of stageChain(model, stage)) {
    for (const instruction of s.instructions) {
      if (instruction.getKeyword() !== 'ENV') continue;
      for (const p of (instruction as PropertyInstruction).getProperties()) {
        if (p.getName() === 'PIP_NO_CACHE_DIR' && !OFF.test(p.getValue() ?? '')) return true;
      }
    }
  }
  return false;
}

const OFF = /^(false|0|off|no)$/i;

/** `export PIP_NO_CACHE_DIR=1` earlier in the same script (at the top level, so it is still in effect). */
function exportedBefore(commands: readonly ShellCommand[], command: ShellCommand): boolean {
  for (const c of commands) {
    if (c === command) return false;
    if (c.name !== 'export' || c.nesting.length > 0) continue;
    for (const arg of c.args) {
      // The shell model gives assignment words no static value: read the text, quotes dropped.
      const match = /^PIP_NO_CACHE_DIR=(.*)$/.exec(arg.value ?? arg.text);
      if (match && !OFF.test(match[1].replace(/["']/g, ''))) return true;
    }
  }
  return false;
}

export const pipNoCacheDir: Rule = {
  meta: {
    id: 'pip-no-cache-dir',
    aliases: ['DL3042'],
    severity: 'warning',
    tags: ['size'],
    summary: '`pip install` without `--no-cache-dir` leaves its download cache in the image.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    for (const { run, stage, inFinalImage } of runsMatching(model, /\bpip[\d.]*\b/, { triggers: true })) {
      if (!inFinalImage) continue;
      const s = script(model, run);
      if (cacheIsMounted(s.mounts, pipCache) || s.commands.some((c) => removesCache(c, pipCache))) continue;
      for (const i of invocations(s.commands)) {
        if (i.manager !== 'pip' || !isInstall(i) || !i.subcommandWord || !cacheFilledBy(i)) continue;
        if (
          i.command.assignments.some((a) => a.name === 'PIP_NO_CACHE_DIR') ||
          exportedBefore(s.commands, i.command) ||
          noCacheDirEnv(model, stage)
        )
          continue;
        reports.push({
          range: i.command.range,
          message: l10n.t(
            'pip keeps its download cache in the layer. Add `--no-cache-dir` (or use `RUN --mount=type=cache,target=/root/.cache/pip`).',
          ),
          fixes: !editable(s)
            ? []
            : [{ title: l10n.t('Add --no-cache-dir'), safe: true, edits: [insertOptionAfter(s, i.subcommandWord, '--no-cache-dir')] }],
        });
      }
    }
    return reports;
  },
};
