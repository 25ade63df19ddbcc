// `COPY . .` before a dependency install: every source edit invalidates the COPY layer and so re-runs the
// install. The fix copies only the ecosystem's manifests first, installs, then copies the rest — by
// narrowing the `COPY . .` to the manifests and re-adding it after the install (splitting the RUN when
// the install is followed by build steps), or for go/maven by inserting a download-only step; for cargo,
// gradle, dotnet and `pip install .` by steps built from the build context's files (projectPrefetch.ts).
import type { Instruction } from '../../model/syntax/index';
import type { Rule } from '../rule';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import { invocations } from '../../packages/invocation';
import type { ShellScript } from '../../shell/types';
import type { FixProposal, TextEdit } from '../../types';
import { copyAll, CopyAll } from './support/copySources';
import { dependencyInstall, DependencyInstall } from './support/dependencyInstalls';
import { eol, instructionText, script, SizeReport, textOf } from './support';
import type { ConfiguredRuleContext } from '../../config/configuredContext';
import { prefetchedBefore, type ProjectInstall } from './support/projectPrefetch';
import { cargoFix } from './support/cargoPrefetch';
import { gradleFix } from './support/gradlePrefetch';
import { dotnetFix } from './support/dotnetPrefetch';
import { pipProjectFix } from './support/pipProjectPrefetch';
import * as l10n from '../../l10n';

const TOOLS = /\b(npm|yarn|pnpm|pip[\d.]*|poetry|pipenv|bundle|composer|dep|go|mvnw?|gradlew?|cargo|dotnet)\b/;
/**
 * Steps that fetch dependencies from the manifests alone: after one of them, copying the sources is fine.
 * cargo's are also cargo-chef's `cargo chef cook` and the dummy-crate build (`echo 'fn main() {}' >
 * src/main.rs && cargo build`); pip's the install of pyproject.toml's dependencies read with tomllib.
 */
const PREFETCHED =
  /\bgo\s+mod\s+download\b|\bdependency:(go-offline|resolve)\b|\bcargo\s+(fetch|chef\s+cook)\b|\bsrc\/(main|lib)\.rs\b[^]*\bcargo\s+build\b|\bgradlew?\s+(--\S+\s+)*dependencies\b|\bdotnet\s+restore\b|\btomllib\b[^]*\bpip[\d.]*\s+install\b/;

interface Found {
  run: Instruction;
  position: number;
  script: ShellScript;
  install: DependencyInstall;
}

function recase(word: string, like: string): string {
  return like === like.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

function findInstall(model: DockerfileModel, stage: Stage, from: number): Found | undefined {
  for (let q = from; q < stage.instructions.length; q++) {
    const instruction = stage.instructions[q];
    if (copyAll(model, instruction)) return undefined;
    if (instruction.getKeyword() !== 'RUN' || !TOOLS.test(instructionText(model, instruction))) continue;
    const s = script(model, instruction);
    for (const i of invocations(s.commands)) {
      const install = dependencyInstall(i);
      if (install) return { run: instruction, position: q, script: s, install };
    }
  }
  return undefined;
}

/**
 * Where the manifests come from in the context and go to: `-r requirements/prod.txt` with `COPY . /srv`
 * → `COPY requirements/prod.txt /srv/requirements/`; an absolute `-r /srv/req.txt` is mapped back through
 * the COPY destination. Undefined when that is not possible (the fix is then not offered).
 */
function manifestCopy(all: CopyAll, install: DependencyInstall): string | undefined {
  const dest =
    all.destination === '.' || all.destination === './' ? './' : all.destination.endsWith('/') ? all.destination : `${all.destination}/`;
  const sources: string[] = [];
  for (const m of install.manifests) {
    if (m.startsWith('/')) {
      if (!dest.startsWith('/') || !m.startsWith(dest)) return undefined;
      sources.push(m.slice(dest.length));
    } else {
      sources.push(m.replace(/^\.\//, ''));
    }
  }
  const dirs = new Set(sources.map((src) => src.slice(0, Math.max(0, src.lastIndexOf('/')))));
  if (dirs.size !== 1 || sources.some((src) => src.includes('..') || src === '')) return undefined;
  const [dir] = dirs;
  const keyword = recase('COPY', all.instruction.getInstruction());
  return [keyword, all.flagsText, ...sources, dir ? `${dest}${dir}/` : dest].filter(Boolean).join(' ');
}

function moveFix(model: DockerfileModel, stage: Stage, p: number, all: CopyAll, found: Found): FixProposal | undefined {
  const between = stage.instructions.slice(p + 1, found.position);
  if (between.some((i) => ['RUN', 'COPY', 'ADD', 'WORKDIR', 'ONBUILD'].includes(i.getKeyword()))) return undefined;
  const s = found.script;
  const command = found.install.invocation.command;
  if (command.nesting.length > 0 || s.hasHeredoc || s.hasSyntaxError) return undefined;
  const index = s.commands.indexOf(command);
  if (s.commands.slice(0, index).some((c) => c.name === 'cd' || c.name === 'pushd')) return undefined;
  const nl = eol(model);
  const copyText = instructionText(model, all.instruction);
  const manifests = manifestCopy(all, found.install);
  if (!manifests) return undefined;
  const edits: TextEdit[] = [{ range: all.instruction.getRange(), newText: manifests }];
  const next = s.commands[index + 1];
  if (!next) {
    edits.push({ range: { start: found.run.getRange().end, end: found.run.getRange().end }, newText: `${nl}${copyText}` });
  } else if ((command.operatorAfter === '&&' || command.operatorAfter === ';') && next.nesting.length === 0) {
    // Split the RUN: the install stays before `COPY . .`, the build steps after it run in a new RUN.
    const flags = s.flags.map((f) => textOf(model, f.range)).join(' ');
    const run = [found.run.getInstruction(), flags].filter(Boolean).join(' ');
    edits.push({ range: { start: command.range.end, end: next.range.start }, newText: `${nl}${copyText}${nl}${run} ` });
  } else {
    return undefined;
  }
  return { title: l10n.t('Copy dependency manifests first'), safe: false, edits };
}

function prefetchFix(model: DockerfileModel, all: CopyAll, install: DependencyInstall): FixProposal | undefined {
  const manifests = manifestCopy(all, install);
  if (!manifests) return undefined;
  const nl = eol(model);
  const start = { line: all.instruction.getRange().start.line, character: 0 };
  const run = recase('RUN', all.instruction.getInstruction());
  return {
    title: l10n.t('Copy dependency manifests first'),
    safe: false,
    edits: [{ range: { start, end: start }, newText: `${manifests}${nl}${run} ${install.prefetchCommand}${nl}` }],
  };
}

const PROJECT_FIXES: Partial<Record<string, (p: ProjectInstall) => FixProposal | undefined>> = {
  cargo: cargoFix,
  gradle: gradleFix,
  dotnet: dotnetFix,
  pip: pipProjectFix,
};

function projectFix(
  model: DockerfileModel,
  stage: Stage,
  p: number,
  all: CopyAll,
  found: Found,
  context: ConfiguredRuleContext,
): FixProposal | undefined {
  const fix = PROJECT_FIXES[found.install.invocation.manager];
  return fix?.({
    model,
    stage,
    copyPosition: p,
    all,
    run: found.run,
    runPosition: found.position,
    script: found.script,
    install: found.install,
    files: context.contextFiles,
  });
}

export const copyBeforeDeps: Rule = {
  meta: {
    id: 'copy-before-deps',
    aliases: [],
    severity: 'warning',
    tags: ['cache'],
    summary: '`COPY . .` comes before a dependency install, so every source change re-runs the install.',
  },
  check(model, context) {
    const reports: SizeReport[] = [];
    for (const stage of model.stages) {
      stage.instructions.forEach((instruction, p) => {
        const all = copyAll(model, instruction);
        if (!all) return;
        const found = findInstall(model, stage, p + 1);
        if (!found) return;
        const { install } = found;
        if (
          install.strategy !== 'move' &&
          stage.instructions.slice(0, p).some((i) => i.getKeyword() === 'RUN' && PREFETCHED.test(instructionText(model, i)))
        )
          return;
        if (install.strategy === 'project' && prefetchedBefore(model, stage, p, install.invocation.manager)) return;
        const fix =
          install.strategy === 'move'
            ? moveFix(model, stage, p, all, found)
            : install.strategy === 'prefetch'
              ? prefetchFix(model, all, install)
              : install.strategy === 'project'
                ? projectFix(model, stage, p, all, found, context)
                : undefined;
        const copy = `${instruction.getKeyword()} ${all.destination === '.' ? '. .' : `. ${all.destination}`}`;
        const line = found.run.getRange().start.line + 1;
        // What a cache miss costs, when a recorded build says how long the install ran.
        const seconds = (context as ConfiguredRuleContext).stepSeconds?.(line);
        const cost = seconds !== undefined ? ' ' + l10n.t('Last build: `{0}` took {1} s.', install.label, seconds.toFixed(1)) : '';
        reports.push({
          range: instruction.getRange(),
          message:
            (install.manifests.length
              ? l10n.t(
                  '`{0}` comes before `{1}` (line {2}): every source edit re-runs the install. Copy {3} first, install, then copy the rest.',
                  copy,
                  install.label,
                  line,
                  install.manifests.map((m) => m.replace(/\*$/, '')).join(', '),
                )
              : l10n.t(
                  '`{0}` comes before `{1}` (line {2}): every source edit re-runs the install. Copy the dependency manifests first, install, then copy the rest.',
                  copy,
                  install.label,
                  line,
                )) + cost,
          fixes: fix ? [fix] : [],
        });
      });
    }
    return reports;
  },
};
