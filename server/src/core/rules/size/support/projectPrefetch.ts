// Fixes for installs that need more than a manifest and a lockfile (cargo, gradle, dotnet, `pip install .`):
// steps inserted before `COPY . .` that copy the project files the build context shows and fetch (or build)
// the dependencies from them alone; the install itself stays where it is and finds them cached. This module
// decides where such steps may go; one module per ecosystem decides what they are.
import type { Instruction, JSONInstruction } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import type { BuildContextFiles } from '../../../context/files';
import type { ShellCommand, ShellScript } from '../../../shell/types';
import type { FixProposal, TextEdit } from '../../../types';
import type { CopyAll } from './copySources';
import { dependencyInstall, type DependencyInstall } from './dependencyInstalls';
import { invocations, type Manager } from '../../../packages/invocation';
import { eol, script, textOf } from './index';
import * as l10n from '../../../l10n';

export interface ProjectInstall {
  model: DockerfileModel;
  stage: Stage;
  /** Index of the `COPY . .` in its stage. */
  copyPosition: number;
  all: CopyAll;
  run: Instruction;
  runPosition: number;
  script: ShellScript;
  install: DependencyInstall;
  files: BuildContextFiles | undefined;
}

/** Where the inserted steps go and how they are written. */
export interface PrefetchSite {
  command: ShellCommand;
  /** `COPY`/`RUN` cased like the Dockerfile's own instructions. */
  copyKeyword: string;
  runKeyword: string;
  /** The install RUN's flags (`--mount=type=cache,…`) as written, so the prefetch fills the same caches. */
  runFlags: string;
  /** The `COPY . <dest>` destination with a trailing slash (`./`, `/app/`). */
  dest: string;
  nl: string;
}

/** Instructions that change nothing a RUN sees: the prefetch may run before them. */
const NEUTRAL = new Set(['LABEL', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'STOPSIGNAL', 'MAINTAINER']);

const recase = (word: string, like: string) => (like === like.toLowerCase() ? word.toLowerCase() : word.toUpperCase());

/** The stage's working directory before instruction `position`, when it is a literal absolute path. */
function workdirBefore(stage: Stage, position: number): string | undefined {
  for (let q = position - 1; q >= 0; q--) {
    const instruction = stage.instructions[q];
    if (instruction.getKeyword() !== 'WORKDIR') continue;
    const value = instruction
      .getArguments()
      .map((a) => a.getValue())
      .join(' ');
    return value.startsWith('/') && !value.includes('$') ? value.replace(/\/+$/, '') || '/' : undefined;
  }
  return undefined;
}

/**
 * Where a prefetch may go: the install is the first top-level command of a shell-form RUN (whatever ran
 * before it in that RUN is not repeated), only neutral instructions separate it from `COPY . <dest>`, and
 * `<dest>` is the working directory (the tools read their manifests from there).
 */
export function prefetchSite(p: ProjectInstall): PrefetchSite | undefined {
  const { model, stage, all, script: s } = p;
  if (s.kind !== 'shell' || s.hasHeredoc || s.hasSyntaxError) return undefined;
  const command = p.install.invocation.command;
  if (command.nesting.length > 0 || s.commands.indexOf(command) !== 0) return undefined;
  if (stage.instructions.slice(p.copyPosition + 1, p.runPosition).some((i) => !NEUTRAL.has(i.getKeyword()))) return undefined;
  const destination = all.destination;
  let dest: string;
  if (destination === '.' || destination === './') dest = './';
  else if (
    destination.startsWith('/') &&
    !destination.includes('$') &&
    destination.replace(/\/+$/, '') === workdirBefore(stage, p.copyPosition)
  )
    dest = destination.endsWith('/') ? destination : `${destination}/`;
  else return undefined;
  return {
    command,
    copyKeyword: recase('COPY', all.instruction.getInstruction()),
    runKeyword: p.run.getInstruction(),
    runFlags: s.flags.map((f) => textOf(model, f.range)).join(' '),
    dest,
    nl: eol(model),
  };
}

/** `COPY [flags] a b <dest><folder>`: files of one context folder to the same folder under the destination. */
export function copyLine(site: PrefetchSite, all: CopyAll, sources: readonly string[], folder = ''): string {
  return [site.copyKeyword, all.flagsText, ...sources, `${site.dest}${folder ? `${folder.replace(/\/+$/, '')}/` : ''}`]
    .filter(Boolean)
    .join(' ');
}

/** `RUN [flags] body`, with the install RUN's flags. */
export function runLine(site: PrefetchSite, body: string): string {
  return [site.runKeyword, site.runFlags, body].filter(Boolean).join(' ');
}

/** The fix: `lines` inserted above `COPY . .`, plus any edits of the install itself. */
export function prefetchFix(p: ProjectInstall, site: PrefetchSite, lines: readonly string[], extra: TextEdit[] = []): FixProposal {
  const start = { line: p.all.instruction.getRange().start.line, character: 0 };
  return {
    title: l10n.t('Copy dependency manifests first'),
    safe: false,
    edits: [{ range: { start, end: start }, newText: lines.map((l) => `${l}${site.nl}`).join('') }, ...extra],
  };
}

/** Option words of the install (after the tool), as written: `--release`, `-p:Foo=1`. */
export function optionWords(p: ProjectInstall): string[] {
  return p.install.invocation.words.map((w) => w.value ?? w.text).filter((v) => v.startsWith('-'));
}

/** Names of the files an ecosystem's own prefetch copies first (matched against a COPY source's last part). */
const MANIFEST_NAMES: Partial<Record<Manager, RegExp>> = {
  cargo: /^Cargo\.toml$/,
  gradle: /^(build|settings)\.gradle(\.kts)?$/,
  dotnet: /\.(sln|slnx|csproj|fsproj|vbproj)$/i,
  pip: /^(pyproject\.toml|setup\.(py|cfg)|requirements[\w.-]*\.txt)$/,
};
/** Names a glob source is tried on (`Cargo.*`, `*.csproj`, `*.gradle*`). */
const SAMPLES: Partial<Record<Manager, string[]>> = {
  cargo: ['Cargo.toml'],
  gradle: ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'],
  dotnet: ['App.sln', 'App.csproj', 'App.fsproj', 'App.vbproj'],
  pip: ['pyproject.toml', 'setup.py', 'requirements.txt'],
};

/** A COPY source's last path part may name one of the manifests (Go filepath.Match's `*`, `?`, `[…]`). */
function mayName(source: string, manager: Manager): boolean {
  const base = source.replace(/\/+$/, '').slice(source.replace(/\/+$/, '').lastIndexOf('/') + 1);
  if (!/[*?[]/.test(base)) return MANIFEST_NAMES[manager]?.test(base) ?? false;
  const glob = new RegExp(
    `^${base
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (SAMPLES[manager] ?? []).some((name) => glob.test(name));
}

/**
 * The stage already has its own prefetch before `COPY . .`: a COPY of the ecosystem's manifests, then a RUN
 * of the same tool (the dummy-crate recipe, `./gradlew downloadRepos`, `dotnet restore`, `pip install -r`).
 * Another one would only repeat it.
 */
export function prefetchedBefore(model: DockerfileModel, stage: Stage, copyPosition: number, manager: Manager): boolean {
  let manifestCopied = false;
  for (const instruction of stage.instructions.slice(0, copyPosition)) {
    const keyword = instruction.getKeyword();
    if (keyword === 'COPY' || keyword === 'ADD') {
      const json = (instruction as JSONInstruction).getJSONStrings();
      const args = json.length > 0 ? json.map((a) => a.getJSONValue()) : instruction.getArguments().map((a) => a.getValue());
      manifestCopied ||= args.slice(0, -1).some((source) => mayName(source, manager));
    } else if (keyword === 'RUN' && manifestCopied) {
      if (invocations(script(model, instruction).commands).some((i) => i.manager === manager && dependencyInstall(i))) return true;
    }
  }
  return false;
}
