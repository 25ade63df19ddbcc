// What the multi-stage conversions must know before they may split a stage: that every RUN only builds
// (so nothing it leaves outside the copied paths is lost), where the application lives, which program the
// image runs, and which installed packages are build-only.
import type { Copy, Instruction } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { invocations, isInstall, PackageInvocation } from '../../../packages/invocation';
import type { ShellCommand } from '../../../shell/types';
import { editable, script } from './index';

/** Packages a build needs and a program compiled against the base's libc does not. */
export const TOOLCHAIN_ONLY =
  /^(gcc|g\+\+|clang|cpp|make|cmake|binutils|pkg-config|pkgconf|libc6-dev|libc-dev|musl-dev|build-essential|build-base|gcc-c\+\+)(=.*)?$/;

/** Package-manager subcommands that install nothing or only refresh indexes and clean caches. */
const HOUSEKEEPING = /^(update|clean|autoclean|autoremove|upgrade)$/;

/**
 * An apt/apk invocation that installs only packages matching `buildOnly` (or installs nothing). Undefined for
 * other tools, so callers can tell "not a system package manager" from "installs runtime packages".
 */
export function systemInstallIsBuildOnly(i: PackageInvocation, buildOnly: RegExp): boolean | undefined {
  if (i.manager !== 'apt' && i.manager !== 'apk') return undefined;
  if (i.subcommand === undefined) return false;
  if (HOUSEKEEPING.test(i.subcommand) && i.subcommand !== 'upgrade') return true;
  return isInstall(i) && i.subcommand !== 'upgrade' && i.operands.every((o) => buildOnly.test(o.value ?? ''));
}

/**
 * Every RUN of the stage parses cleanly and `allowed` accepts each of its commands (with the package
 * invocation the command is, if any). A RUN we cannot read might make files the runtime needs.
 */
export function everyRunCommand(
  model: DockerfileModel,
  stage: Stage,
  allowed: (c: ShellCommand, i: PackageInvocation | undefined, run: Instruction) => boolean,
): boolean {
  for (const run of stage.instructions.filter((i) => i.getKeyword() === 'RUN')) {
    const s = script(model, run);
    if (!editable(s) || s.commands.length === 0) return false;
    const byCommand = new Map(invocations(s.commands).map((i) => [i.command, i]));
    if (!s.commands.every((c) => allowed(c, byCommand.get(c), run))) return false;
  }
  return true;
}

const normalise = (p: string) => p.replace(/\/+$/, '') || '/';
const isUnder = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);

/** `p` resolved against `dir` (`./x`, `x`, `/abs`); undefined when it has variables or climbs out with `..`. */
export function resolvePath(dir: string | undefined, p: string): string | undefined {
  if (p.includes('$') || p.split('/').includes('..')) return undefined;
  if (p.startsWith('/')) return normalise(p);
  if (!dir) return undefined;
  const rest = p.replace(/^(\.\/)+/, '').replace(/^\.$/, '');
  return rest ? normalise(`${dir}/${rest}`) : dir;
}

/**
 * The application folder: the first WORKDIR (absolute, no variables), when every later WORKDIR and every
 * COPY/ADD destination lies inside it. Copying that folder from the build stage then carries every file the
 * Dockerfile put into the image and everything the build made next to them.
 */
export function applicationRoot(stage: Stage): string | undefined {
  let root: string | undefined;
  let workdir: string | undefined;
  for (const i of stage.instructions) {
    const keyword = i.getKeyword();
    if (keyword === 'WORKDIR') {
      const next = resolvePath(workdir, (i.getArgumentsContent() ?? '').trim());
      if (!next || (root && !isUnder(next, root))) return undefined;
      root ??= next;
      workdir = next;
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const args = (i as Copy).getArguments().map((a) => a.getValue());
      if (args[0]?.startsWith('[')) return undefined;
      const destination = args.length >= 2 ? resolvePath(workdir, args[args.length - 1]) : undefined;
      if (!destination || !root || !isUnder(destination, root)) return undefined;
    }
  }
  return root;
}

/** The words of a CMD or ENTRYPOINT (exec form parsed as JSON, shell form split on blanks). */
export function commandWords(instruction: Instruction): string[] | undefined {
  const text = (instruction.getArgumentsContent() ?? '').trim();
  if (!text.startsWith('[')) return text.split(/\s+/).filter(Boolean);
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What the image runs: ENTRYPOINT's words followed by CMD's (CMD alone when there is no ENTRYPOINT). */
export function programWords(stage: Stage): { words: string[]; execForm: boolean } | undefined {
  const last = (keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword).pop();
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const parts = [entrypoint, cmd].filter((i): i is Instruction => i !== undefined);
  if (parts.length === 0) return undefined;
  const words: string[] = [];
  for (const part of parts) {
    const w = commandWords(part);
    if (!w) return undefined;
    words.push(...w);
  }
  const execForm = parts.every((p) => (p.getArgumentsContent() ?? '').trim().startsWith('['));
  return { words, execForm };
}

/** The WORKDIR in effect at the end of the stage, resolved. */
export function finalWorkdir(stage: Stage): string | undefined {
  let workdir: string | undefined;
  for (const i of stage.instructions) {
    if (i.getKeyword() === 'WORKDIR') workdir = resolvePath(workdir, (i.getArgumentsContent() ?? '').trim());
  }
  return workdir;
}

const FILE_MOVERS = new Set(['cp', 'mv', 'install']);

/**
 * Where RUNs put files with cp/mv/install (`cp target/release/app /usr/local/bin/` → `/usr/local/bin/app`), so a
 * program path in CMD can be traced back to the build. Only static words; relative paths against the WORKDIR.
 */
export function movedFileDestinations(model: DockerfileModel, stage: Stage): Set<string> {
  const out = new Set<string>();
  stage.instructions.forEach((run, index) => {
    if (run.getKeyword() !== 'RUN') return;
    const workdir = finalWorkdir({ ...stage, instructions: stage.instructions.slice(0, index) });
    for (const c of script(model, run).commands) {
      if (!FILE_MOVERS.has(c.name)) continue;
      // install's -m/-o/-g take a value (`install -m 755 app /usr/local/bin/`).
      const operands = c.args
        .map((a) => a.value)
        .filter(
          (v, k, all): v is string => v !== undefined && !v.startsWith('-') && !(c.name === 'install' && /^-[mog]$/.test(all[k - 1] ?? '')),
        );
      if (operands.length !== 2) continue;
      const [source, target] = operands;
      const resolved = resolvePath(workdir, target);
      if (!resolved) continue;
      out.add(resolved);
      out.add(`${resolved === '/' ? '' : resolved}/${source.slice(source.lastIndexOf('/') + 1)}`);
    }
  });
  return out;
}

/**
 * Program arguments that name files the build context or the build put next to the program (`config.toml`,
 * `--config=conf/app.yaml`, `/app/static`): a runtime stage that gets only the program would not have them.
 */
export function namesOtherFiles(words: readonly string[], workdir: string | undefined, artifact: string): boolean {
  for (const word of words.slice(1)) {
    // `--config=conf/app.toml`, `-Dlog=file:/app/log.xml`: the value after the first '='.
    const raw = word.startsWith('-') ? (word.includes('=') ? word.slice(word.indexOf('=') + 1) : '') : word;
    const value = raw.replace(/^(file|classpath):/, '');
    if (!value || value.includes('$')) continue;
    if (!value.includes('/') && !/^[\w-]+(\.[\w-]+)*\.[a-z]\w*$/i.test(value)) continue;
    const path = resolvePath(workdir, value);
    if (path === artifact) continue;
    // Absolute paths outside the application (`/dev/urandom`, `/tmp`) belong to the system.
    if (path && value.startsWith('/') && !(workdir && isUnder(path, workdir))) continue;
    return true;
  }
  return false;
}

/** A HEALTHCHECK that runs a command (NONE disables it). */
export function hasHealthcheck(stage: Stage): boolean {
  return stage.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK' && !/^\s*NONE\b/i.test(i.getArgumentsContent() ?? ''));
}
