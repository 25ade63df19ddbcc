// A RUN removes files, caches or packages an earlier layer of the same image created: layers only add,
// so the bytes stay in the image and the cleanup just hides them. The fix folds the cleanup into the
// RUN that created them (when the later RUN is nothing but cleanup and no RUN sits in between), appended to
// its end with `&&` only where the result fails exactly when the two RUNs did (see appendable). When only RUNs
// sit between them (`RUN apt-get update` / `RUN apt-get install …` / `RUN rm -rf /var/lib/apt/lists/*`), the
// fix merges them all into the creating RUN instead (see composedFix). A file an earlier COPY put there has no
// automatic fix: the message says not to copy it.
import type { Instruction } from '../../model/syntax/index';
import * as posixPath from 'node:path/posix';
import type { Rule } from '../rule';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import { parentStage, stagesInFinalImage } from '../../model/stages';
import { invocations, recognize, isInstall, optionValue } from '../../packages/invocation';
import { CACHES, cacheFilledBy, cacheIsMounted, removesCache, isUnder, normalizePath, PackageCache } from '../../packages/caches';
import type { ShellCommand, ShellScript } from '../../shell/types';
import { STATEFUL_COMMANDS } from '../../shell/index';
import type { FixProposal, TextEdit } from '../../types';
import { cacheLabel } from './support/cacheLabels';
import { appendKeepsErrexit, mergeable, mergeIntoPrevious, plainChain } from './support/mergeRuns';
import { appendCommand, commandLine, deleteInstruction, isRm, removeCommand, rmTargets, script, statementEnd, SizeReport } from './support';
import * as l10n from '../../l10n';

const MAX_LOOKBACK = 300;
/** A composed merge takes at most this many RUNs: beyond, one RUN would hide what the steps do (and their cache). */
const MAX_COMPOSED_RUNS = 4;
const CLEANUP = /\b(rm|purge|autoremove|remove|del|uninstall|clean)\b/;
const CREATORS = new Set([
  'wget',
  'curl',
  'git',
  'tar',
  'unzip',
  'cp',
  'mv',
  'gunzip',
  'bunzip2',
  'xz',
  '7z',
  'rsync',
  'dpkg',
  'touch',
  'fallocate',
  'truncate',
  'install',
  'mkfile',
]);

interface Layer {
  instruction: Instruction;
  stage: Stage;
}

/** What the earlier layer left that the cleanup removes: a cache, or packages or a path and how they got there. */
type Left = { kind: 'cache'; cache: PackageCache } | { kind: 'installed' | 'copied' | 'written'; subject: string };

interface Created {
  layer: Layer;
  left: Left;
  after?: ShellCommand;
}

/** Instructions of a stage preceded by those of the stages it is built FROM (its image's layers, in order). */
function layersOf(model: DockerfileModel, stage: Stage): Layer[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = parentStage(model, s)) chain.unshift(s);
  return chain.flatMap((s) => s.instructions.slice(1).map((instruction) => ({ instruction, stage: s })));
}

function cacheCreator(model: DockerfileModel, earlier: Layer[], cache: PackageCache): Created | undefined {
  for (let k = earlier.length - 1; k >= 0; k--) {
    const { instruction } = earlier[k];
    if (instruction.getKeyword() !== 'RUN') continue;
    const s = script(model, instruction);
    if (cacheIsMounted(s.mounts, cache) || s.commands.some((c) => removesCache(c, cache))) continue;
    const filling = invocations(s.commands).filter((i) => cacheFilledBy(i)?.paths.some((p) => cache.paths.includes(p)));
    if (filling.length) return { layer: earlier[k], left: { kind: 'cache', cache }, after: filling[filling.length - 1].command };
  }
  return undefined;
}

function packageCreator(model: DockerfileModel, earlier: Layer[], manager: string, names: string[]): Created | undefined {
  for (let k = earlier.length - 1; k >= 0; k--) {
    const { instruction } = earlier[k];
    if (instruction.getKeyword() !== 'RUN') continue;
    for (const i of invocations(script(model, instruction).commands)) {
      if (i.manager !== manager || !isInstall(i)) continue;
      const installed = new Set(i.operands.map((o) => o.value));
      const virtual = optionValue(i.words, '--virtual', '-t');
      if (virtual) installed.add(virtual);
      if (names.some((n) => installed.has(n)))
        return { layer: earlier[k], left: { kind: 'installed', subject: names.join(' ') }, after: i.command };
    }
  }
  return undefined;
}

/** Absolute paths a command writes: a creator's path arguments, `dd of=`, and output redirections. */
function writtenPaths(c: ShellCommand): string[] {
  const paths = (c.writes ?? []).map((w) => w.value).filter((v): v is string => !!v && v.startsWith('/'));
  if (CREATORS.has(c.name)) for (const a of c.args) if (a.value?.startsWith('/')) paths.push(a.value);
  if (c.name === 'dd') for (const a of c.args) if (a.value?.startsWith('of=/')) paths.push(a.value.slice(3));
  return paths;
}

/**
 * The WORKDIR in effect after `layers[0..end)`: Docker's default `/` unless a WORKDIR sets it (a base image's own
 * WORKDIR is not known here; both a relative COPY destination and a relative `rm` resolve against the same one).
 * Undefined when a WORKDIR uses a variable.
 */
function workdirBefore(layers: Layer[], end: number): string | undefined {
  let dir = '/';
  for (let k = 0; k < end; k++) {
    const { instruction } = layers[k];
    if (instruction.getKeyword() !== 'WORKDIR') continue;
    const value = instruction.getArguments()[0]?.getValue();
    if (!value || value.includes('$')) return undefined;
    dir = posixPath.resolve(dir, value);
  }
  return dir;
}

/** Where a COPY or ADD put a source: `COPY hello.c /` puts /hello.c; a source directory's contents go into the destination. */
function copiedPaths(sources: string[], dest: string): string[] {
  const intoDir = dest.endsWith('/') || sources.length > 1;
  if (!intoDir) return [dest];
  // Without the build context a rule cannot tell a file from a folder: a name with an extension is taken as a file.
  return sources
    .filter((src) => !/[*?[]/.test(src) && /[^/.]\.[A-Za-z0-9]+$/.test(src))
    .map((src) => posixPath.join(dest, posixPath.basename(src)));
}

function pathCreator(model: DockerfileModel, earlier: Layer[], target: string): Created | undefined {
  if (!target.startsWith('/') || target === '/') return undefined;
  for (let k = earlier.length - 1; k >= 0; k--) {
    const { instruction } = earlier[k];
    const keyword = instruction.getKeyword();
    if (keyword === 'COPY' || keyword === 'ADD') {
      const args = instruction.getArguments();
      const rawDest = args[args.length - 1]?.getValue();
      if (args.length < 2 || !rawDest || rawDest.includes('$')) continue;
      const workdir = rawDest.startsWith('/') ? '/' : workdirBefore(earlier, k);
      if (workdir === undefined) continue;
      const dest = posixPath.resolve(workdir, rawDest) + (rawDest.endsWith('/') || rawDest === '.' ? '/' : '');
      const sources = args.slice(0, -1).map((a) => a.getValue());
      if (isUnder(dest, target) || copiedPaths(sources, dest).some((p) => isUnder(target, p))) {
        return { layer: earlier[k], left: { kind: 'copied', subject: normalizePath(target) } };
      }
    } else if (keyword === 'RUN') {
      const s = script(model, instruction);
      // A RUN that also removes the path is not where the bytes stay.
      if (s.commands.some((c) => isRm(c) && rmTargets(c).some((t) => isUnder(target, t)))) continue;
      for (const c of s.commands) {
        if (writtenPaths(c).some((p) => isUnder(p, target)))
          return { layer: earlier[k], left: { kind: 'written', subject: normalizePath(target) }, after: c };
      }
    }
  }
  return undefined;
}

/** The finding's message: one whole sentence per kind of leftover, so each translates as a sentence. */
function removesMessage(left: Left, line: number): string {
  switch (left.kind) {
    case 'cache':
      return l10n.t(
        'This removes {0} from the layer of line {1}, but layers only add: the bytes stay in the image. Clean up in the RUN that creates them.',
        cacheLabel(left.cache),
        line,
      );
    case 'installed':
      return l10n.t(
        'This removes {0} (installed there) from the layer of line {1}, but layers only add: the bytes stay in the image. Clean up in the RUN that creates them.',
        left.subject,
        line,
      );
    case 'copied':
      return l10n.t(
        'This removes {0}, which the COPY or ADD on line {1} put there, but layers only add: the bytes stay in the image. Copy it where it is used instead: into a build stage whose results alone are copied out, or not at all (.dockerignore).',
        left.subject,
        line,
      );
    case 'written':
      return l10n.t(
        'This removes {0} (written there) from the layer of line {1}, but layers only add: the bytes stay in the image. Clean up in the RUN that creates them.',
        left.subject,
        line,
      );
  }
}

/** What an earlier layer created that this command removes, if anything. */
function createdEarlier(
  model: DockerfileModel,
  earlier: Layer[],
  command: ShellCommand,
  own: readonly ShellCommand[],
): Created | undefined {
  for (const cache of Object.values(CACHES)) {
    if (!removesCache(command, cache)) continue;
    // The same RUN fills the cache first (`apt-get update … && rm -rf /var/lib/apt/lists/*`): its own cleanup.
    if (invocations(own.slice(0, own.indexOf(command))).some((i) => cacheFilledBy(i)?.paths.some((p) => cache.paths.includes(p))))
      return undefined;
    return cacheCreator(model, earlier, cache);
  }
  if (isRm(command)) {
    // A relative operand is under the WORKDIR, unless the RUN changed directory first.
    const moved = own.slice(0, own.indexOf(command)).some((c) => c.name === 'cd' || c.name === 'pushd');
    const workdir = moved ? undefined : workdirBefore(earlier, earlier.length);
    for (const operand of rmTargets(command)) {
      const target = /^[/~$]/.test(operand) || !workdir ? operand : posixPath.resolve(workdir, operand);
      const found = pathCreator(model, earlier, target);
      if (found) return found;
    }
    return undefined;
  }
  const i = recognize(command);
  if (!i) return undefined;
  const names = i.operands.map((o) => o.value).filter((v): v is string => v !== undefined && !v.includes('*'));
  if (names.length === 0) return undefined;
  // Installed and removed within this RUN (build deps): nothing of an earlier layer.
  if (
    invocations(own).some(
      (o) =>
        o.manager === i.manager &&
        isInstall(o) &&
        o.operands.some((x) => names.includes(x.value ?? '') || optionValue(o.words, '--virtual', '-t') === names[0]),
    )
  )
    return undefined;
  if (i.manager === 'apt' && /^(purge|remove)$/.test(i.subcommand ?? '')) return packageCreator(model, earlier, 'apt', names);
  if (i.manager === 'apk' && i.subcommand === 'del') return packageCreator(model, earlier, 'apk', names);
  if (i.manager === 'pip' && i.subcommand === 'uninstall') return packageCreator(model, earlier, 'pip', names);
  if ((i.manager === 'yum' || i.manager === 'dnf') && /^(remove|erase)$/.test(i.subcommand ?? ''))
    return packageCreator(model, earlier, i.manager, names);
  return undefined;
}

/** `set -e`, `-u`, `-x`, `-v` and `-o pipefail`-style options: they do not change what a static command does. */
const HARMLESS_SET = /^[-+][euxv]+$|^[-+]o$|^(errexit|nounset|xtrace|verbose|pipefail)$/;

/**
 * Whether `&& <command>` appended to the creating RUN fails exactly when the cleanup's own RUN did, and runs
 * under the same shell state: the creating statement is the body's last, a plain top-level end (its failure is
 * then the RUN's), no comment swallows the appended text, and nothing the body sets (cd, variables, exports)
 * reaches the command — harmless `set` options aside, for a command without expansions.
 */
function appendable(cs: ShellScript, after: ShellCommand, command: ShellCommand): boolean {
  if (cs.kind !== 'shell' || cs.hasComment || cs.hasSyntaxError || !appendKeepsErrexit(cs)) return false;
  const end = statementEnd(cs, after);
  if (end !== cs.commands[cs.commands.length - 1] || end.nesting.length > 0 || end.operatorAfter !== undefined) return false;
  if (!cs.leaksShellState) return true;
  const words = [command.nameWord, ...command.args];
  return (
    !cs.setsVariables &&
    words.every((w) => w.value !== undefined) &&
    cs.commands.every((c) =>
      c.nesting.includes('function')
        ? false
        : !STATEFUL_COMMANDS.has(c.name) ||
          c.nesting.includes('subshell') ||
          c.nesting.includes('substitution') ||
          (c.name === 'set' && c.args.every((a) => a.value !== undefined && HARMLESS_SET.test(a.value))),
    )
  );
}

/** The cleanup RUN's commands joined by `&&` only: folded one by one with `&&`, they fail as they failed. */
function andChain(s: ShellScript): boolean {
  return s.commands.every(
    (c, k) => c.nesting.length === 0 && (k === s.commands.length - 1 ? c.operatorAfter === undefined : c.operatorAfter === '&&'),
  );
}

function foldFix(
  model: DockerfileModel,
  layers: Layer[],
  creator: Created,
  run: Instruction,
  command: ShellCommand,
  cleanupCount: number,
): FixProposal | undefined {
  if (creator.layer.instruction.getKeyword() !== 'RUN' || !creator.after) return undefined;
  const from = layers.findIndex((l) => l.instruction === creator.layer.instruction);
  const to = layers.findIndex((l) => l.instruction === run);
  const between = layers.slice(from + 1, to).map((l) => l.instruction);
  if (between.some((i) => i.getKeyword() === 'RUN')) return composedFix(model, layers.slice(from, to + 1));
  const s = script(model, run);
  if (command.nesting.length > 0 || s.hasHeredoc || s.kind !== 'shell') return undefined;
  if (s.commands.length !== cleanupCount || !andChain(s)) return undefined;
  if (between.some((i) => i.getKeyword() === 'FROM')) return undefined;
  if (creator.layer.stage !== layers[to].stage) return undefined;
  const cs = script(model, creator.layer.instruction);
  if (!appendable(cs, creator.after, command)) return undefined;
  const append = appendCommand(model, creator.layer.instruction, cs, statementEnd(cs, creator.after), commandLine(command));
  const remove = s.commands.length === 1 ? deleteInstruction(model, run) : removeCommand(s, command);
  if (!append || !remove) return undefined;
  return {
    title: l10n.t('Clean up in the RUN on line {0}', creator.layer.instruction.getRange().start.line + 1),
    safe: between.length === 0,
    edits: [append, remove],
  };
}

/**
 * The creating RUN, the RUNs after it and the cleanup's RUN merged into one, so the cleanup runs where the bytes
 * are made: only when nothing but RUNs of one stage sit between them, each merge is one consecutive-run would make
 * (see mergeable: same flags, no shell state carried over, failures kept), and the RUNs in the middle are plain
 * `&&` chains (each append then leaves a plain end for the next). Safe: only the layers and the cleaned-up files
 * differ.
 */
function composedFix(model: DockerfileModel, runs: Layer[]): FixProposal | undefined {
  if (runs.length > MAX_COMPOSED_RUNS || runs.some((l) => l.instruction.getKeyword() !== 'RUN' || l.stage !== runs[0].stage))
    return undefined;
  const scripts = runs.map((l) => script(model, l.instruction));
  const edits: TextEdit[] = [];
  for (let k = 1; k < runs.length; k++) {
    const [a, b] = [runs[k - 1].instruction, runs[k].instruction];
    if (!mergeable(model, a, scripts[k - 1], b, scripts[k])) return undefined;
    if (k < runs.length - 1 && !plainChain(model, b, scripts[k])) return undefined;
    edits.push(...mergeIntoPrevious(model, a, b, scripts[k]));
  }
  return {
    title: l10n.t(
      'Merge lines {0}–{1} into one RUN that cleans up where the files are made',
      runs[0].instruction.getRange().start.line + 1,
      runs[runs.length - 1].instruction.getRange().start.line + 1,
    ),
    safe: true,
    edits,
  };
}

export const cleanupInLaterLayer: Rule = {
  meta: {
    id: 'cleanup-in-later-layer',
    aliases: [],
    severity: 'warning',
    tags: ['size'],
    summary: 'A RUN removes files, caches or packages that an earlier layer created: the bytes stay in the image.',
  },
  check(model) {
    const reports: SizeReport[] = [];
    for (const stage of stagesInFinalImage(model)) {
      let layers: Layer[] | undefined;
      let indexOf: Map<Instruction, number> | undefined;
      for (const instruction of stage.instructions) {
        if (instruction.getKeyword() !== 'RUN') continue;
        const r = instruction.getRange();
        if (
          !CLEANUP.test(
            model.text.slice(model.lineStarts[r.start.line], model.lineStarts[r.end.line] + (model.lines[r.end.line]?.length ?? 0)),
          )
        )
          continue;
        const s = script(model, instruction);
        layers ??= layersOf(model, stage);
        indexOf ??= new Map(layers.map((l, k) => [l.instruction, k]));
        const here = indexOf.get(instruction) ?? 0;
        // The creating layer is near in practice; the bound keeps huge files linear.
        const earlier = layers.slice(Math.max(0, here - MAX_LOOKBACK), here);
        const found = s.commands.map((command) => ({ command, creator: createdEarlier(model, earlier, command, s.commands) }));
        const cleanups = found.filter((f) => f.creator).length;
        for (const { command, creator } of found) {
          if (!creator) continue;
          const line = creator.layer.instruction.getRange().start.line + 1;
          const fix = foldFix(model, layers, creator, instruction, command, cleanups);
          reports.push({
            range: command.range,
            message: removesMessage(creator.left, line),
            fixes: fix ? [fix] : [],
          });
        }
      }
    }
    return reports;
  },
};
