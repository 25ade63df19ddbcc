import type { Rule, Report } from '../rule';
import type { Stage } from '../../model/dockerfileModel';
import { parentStage, stageContaining } from '../../model/stages';
import { shellOptions } from '../../shell/index';
import type { ShellCommand, ShellScript } from '../../shell/index';
import type { DockerfileModel } from '../../model/dockerfileModel';
import { parsedRuns } from './support/shellSupport';
import { PerScript } from '../perScript';
import type { Instruction } from '../../model/syntax/index';
import * as l10n from '../../l10n';

// Feeding a pipe from these cannot fail in a way pipefail would catch (hadolint reports them anyway; noise).
const CANNOT_FAIL = new Set(['echo', 'printf', 'yes', 'true']);

/** The SHELL line for a stage: busybox/alpine have ash, nearly everything else bash. Debian's sh (dash) has no pipefail. */
function pipefailShell(stage: Stage | undefined): string {
  const image = stage?.from.getImageName() ?? '';
  return /alpine|busybox/i.test(image) ? '["/bin/ash", "-o", "pipefail", "-c"]' : '["/bin/bash", "-o", "pipefail", "-c"]';
}

/** Debian and Ubuntu images and the official images built on them (`-slim`, release code names): /bin/sh is dash. */
const DASH_BASED = /debian|ubuntu|\b(slim|bookworm|bullseye|buster|stretch|trixie|sid|jammy|noble|focal|bionic)\b/i;

/** The image a stage's lineage starts from (`FROM base` followed back to its first FROM of an image). */
function baseImageOf(model: DockerfileModel, stage: Stage): string {
  const seen = new Set<Stage>();
  let root = stage;
  for (let parent = parentStage(model, root); parent && !seen.has(parent); parent = parentStage(model, parent)) {
    seen.add(root);
    root = parent;
  }
  return root.from.getImage() ?? '';
}

/**
 * pipefail that only a `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` sets, on an image whose /bin/sh is dash: dash has
 * no pipefail (the RUN fails with "Illegal option -o pipefail"), so it does not count.
 */
function pipefailOnlyFromDashShell(model: DockerfileModel, script: ShellScript, stage: Stage | undefined): boolean {
  if (!stage || !/^(\/bin\/|\/usr\/bin\/)?sh$/.test(script.shell[0] ?? '') || !shellOptions(script.shell).pipefail) return false;
  const setInScript = script.commands.some(
    (c) => c.name === 'set' && c.nesting.length === 0 && shellOptions(c.args.map((a) => a.value)).pipefail,
  );
  return !setInScript && DASH_BASED.test(baseImageOf(model, stage));
}

// hadolint DL4006: `curl … | tar x` succeeds when curl fails, because a pipeline's status is its last
// command's. The build goes on with a half-downloaded file. pipefail makes the pipeline fail.
export const pipefailMissing: Rule = {
  meta: {
    id: 'pipefail-missing',
    aliases: ['DL4006'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'Set `-o pipefail` (with SHELL) before RUN instructions that use a pipe, so a failing command fails the build.',
  },
  check(model) {
    const reports: Report[] = [];
    const stages = new Map<number, StageFacts>();
    for (const { instruction, script } of parsedRuns(model, /\|/)) {
      if (script.kind !== 'shell') continue;
      const stage = stageContaining(model, instruction);
      if (script.pipefail && !pipefailOnlyFromDashShell(model, script, stage)) continue;
      if (!firstPipe(script)) continue;
      // A RUN before any FROM belongs to no stage: a SHELL line there would not apply to it.
      let facts = stage ? stages.get(stage.index) : NO_STAGE;
      if (!facts) {
        // Every finding of a stage proposes the same SHELL line above the stage's first piped RUN, so fixing
        // them all adds it once.
        const line = instruction.getRange().start.line;
        facts = { shell: pipefailShell(stage), line, indent: /^\s*/.exec(model.lines[line])![0] };
        stages.set(stage!.index, facts);
      }
      const context = `${facts.shell}\0${facts.line ?? ''}\0${facts.indent}\0${model.lineBreak}`;
      reports.push(...keptReports.of(script, (s) => reportsIn(s, instruction, facts, model.lineBreak), context));
    }
    return reports;
  },
};

/** The first command whose failure a pipe hides. */
function firstPipe(script: ShellScript): ShellCommand | undefined {
  return script.commands.find((c) => (c.operatorAfter === '|' || c.operatorAfter === '|&') && !CANNOT_FAIL.has(c.name));
}

/** What a stage's findings share: the SHELL line proposed, and where (the stage's first piped RUN). */
interface StageFacts {
  shell: string;
  /** Undefined for RUNs before any FROM: no SHELL line applies to them, so no fix. */
  line?: number;
  indent: string;
}
const NO_STAGE: StageFacts = { shell: pipefailShell(undefined), indent: '' };

/** Read from the script and the stage's facts (the context), so kept per script across versions. */
const keptReports = new PerScript<Report[]>();

/** `instruction`: the RUN of `script`, read only for its keyword as written (part of the script's text). */
function reportsIn(script: ShellScript, instruction: Instruction, facts: StageFacts, lineBreak: string): Report[] {
  const pipe = firstPipe(script);
  if (!pipe) return [];
  const message = l10n.t(
    "This pipeline's status is that of its last command: if '{0}' fails, the build goes on. Set pipefail, e.g. SHELL {1} before this RUN (Debian's /bin/sh does not support it).",
    pipe.name,
    facts.shell,
  );
  const { line } = facts;
  if (line === undefined) return [{ range: pipe.range, message }];
  const keyword = instruction.getInstruction() === instruction.getInstruction().toLowerCase() ? 'shell' : 'SHELL';
  return [
    {
      range: pipe.range,
      message,
      fixes: [
        {
          title: l10n.t('Add SHELL {0} before the first piped RUN of the stage', facts.shell),
          // Changes the shell of every later RUN of the stage, and needs that shell in the image.
          safe: false,
          edits: [
            {
              range: { start: { line, character: 0 }, end: { line, character: 0 } },
              newText: `${facts.indent}${keyword} ${facts.shell}${lineBreak}`,
            },
          ],
        },
      ],
    },
  ];
}
