// Node: a final stage on a node image that installs dependencies and runs a build script. The build stage keeps
// doing exactly that and then drops devDependencies (`npm prune --omit=dev`); the runtime stage (the same
// image, or its -slim variant when the tag names one) copies the whole application folder from it.
//
// Why the folder and not `npm ci --omit=dev` + `dist/`: which files the program reads at run time (dist/, but
// also views/, public/, config files, package.json's "type") cannot be known from the Dockerfile, and a fresh
// production install in a slim image would re-run install scripts and native builds without the sources or the
// compilers. Pruning where the install ran keeps every built file and removes only devDependencies.
import type { From } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { hasOption, invocations, PackageInvocation } from '../../../packages/invocation';
import type { ShellCommand } from '../../../shell/types';
import type { Conversion } from './multiStageConversion';
import { applicationRoot, everyRunCommand, programWords, systemInstallIsBuildOnly, TOOLCHAIN_ONLY } from './multiStageChecks';
import { runsMatching, script, textOf } from './index';

const NODE_IMAGE = /(^|\/)node$/;
/** node-gyp's needs (python3, make, a C++ compiler) are build-only too. */
const NODE_BUILD_ONLY = new RegExp(`${TOOLCHAIN_ONLY.source}|^(python3|python-is-python3)(=.*)?$`);
const JS_MANAGERS = new Set(['npm', 'yarn', 'pnpm']);
/** Subcommands that only install, build, test or clean inside the application folder. */
const ALLOWED: Record<string, RegExp> = {
  npm: /^(ci|install|i|add|run|run-script|prune|cache|test|rebuild)$/,
  yarn: /^(install|run|build[\w:-]*|cache|test)$/,
  pnpm: /^(install|i|run|build[\w:-]*|prune|store|fetch|test)$/,
};
/** Other commands a build-only RUN may run (cd would move later writes out of the application folder). */
const SHELL_OK = new Set(['rm', 'true', 'set', 'npx', 'mkdir', 'echo', 'corepack']);

/** `npm run build`, `yarn build`, `pnpm run build:prod`… */
function isBuildScript(i: PackageInvocation): boolean {
  if (!JS_MANAGERS.has(i.manager) || i.subcommand === undefined) return false;
  if (/^(run|run-script)$/.test(i.subcommand)) return /^build/.test(i.operands[0]?.value ?? '');
  return i.manager !== 'npm' && /^build/.test(i.subcommand);
}

function isDependencyInstall(i: PackageInvocation): boolean {
  return (
    (i.manager === 'yarn' && (i.subcommand === undefined || i.subcommand === 'install')) ||
    (i.manager === 'npm' && /^(ci|install|i)$/.test(i.subcommand ?? '') && i.operands.length === 0) ||
    (i.manager === 'pnpm' && /^(install|i)$/.test(i.subcommand ?? ''))
  );
}

const PRODUCTION_ONLY = ['--omit=dev', '--production', '--prod', '--only=production', '--only=prod'];

/**
 * The command of a RUN in the final stage that runs a package.json build script, if any. Not when the build
 * already leaves nothing behind: every install skips devDependencies and the image is already small.
 */
export function nodeBuildCommand(model: DockerfileModel, stage: Stage): ShellCommand | undefined {
  let build: ShellCommand | undefined;
  let devDependencies = false;
  for (const { run, stage: s } of runsMatching(model, /\b(npm|yarn|pnpm)\b/)) {
    if (s !== stage) continue;
    for (const i of invocations(script(model, run).commands)) {
      if (isBuildScript(i)) build ??= i.command;
      if (isDependencyInstall(i) && !i.words.some((w) => PRODUCTION_ONLY.includes(w.value ?? ''))) devDependencies = true;
    }
  }
  const from = stage.from as From;
  const fullImage = NODE_IMAGE.test(from.getImageName() ?? '') && nodeRuntimeImage(from) !== from.getImage();
  return devDependencies || fullImage ? build : undefined;
}

/** `node:22` → `node:22-slim`, `node:lts-bookworm` → `node:lts-bookworm-slim`; other images stay as they are. */
export function nodeRuntimeImage(from: From): string | undefined {
  const image = from.getImage();
  if (!image) return undefined;
  // A tag from a global ARG: the runtime's FROM can use the same ARG (only the slim variant's name is unknown).
  if (image.includes('$')) return image;
  const name = from.getImageName() ?? '';
  const tag = from.getImageTag() ?? '';
  if (!/^(docker\.io\/)?(library\/)?node$/.test(name) || from.getImageDigest()) return image;
  if (tag === '' || tag === 'latest') return `${name}:slim`;
  return /^(\d+(\.\d+){0,2}|lts|current)(-(bookworm|bullseye|buster|trixie))?$/.test(tag) ? `${name}:${tag}-slim` : image;
}

/**
 * The slim variant has node and npm but not the full image's tools (curl, git, python, libraries): only a program
 * started by node or a package manager, and a HEALTHCHECK run by node, are sure to find what they need there.
 */
function slimIsEnough(stage: Stage): boolean {
  const program = programWords(stage)?.words[0];
  const health = stage.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK').map((i) => i.getArgumentsContent() ?? '');
  return (
    program !== undefined &&
    /^(node|npm|yarn|pnpm|npx)$/.test(program) &&
    health.every((h) => /^\s*NONE\b/i.test(h) || /^\s*(--\S+\s+)*CMD\s+(\[\s*"node"|node\s)/.test(h))
  );
}

/** The prune step for the manager that installed the dependencies; undefined when it cannot be told safely. */
function pruneCommand(installs: PackageInvocation[]): string | undefined {
  const managers = new Set(installs.map((i) => i.manager));
  if (managers.size !== 1) return undefined;
  const last = installs[installs.length - 1];
  if (last.manager === 'npm') return 'npm prune --omit=dev';
  if (last.manager === 'pnpm') return 'pnpm prune --prod';
  // Yarn 1 re-links production dependencies from its cache; Berry needs a plugin for that, so only Yarn 1's
  // `--frozen-lockfile` (Berry says `--immutable`) is trusted to say which Yarn this is.
  return hasOption(last.words, '--frozen-lockfile') ? 'yarn install --production --frozen-lockfile' : undefined;
}

export function nodeConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  const from = stage.from as From;
  if (model.stages.length !== 1 || !NODE_IMAGE.test(from.getImageName() ?? '')) return undefined;
  const root = applicationRoot(stage);
  const runtimeImage = slimIsEnough(stage) ? nodeRuntimeImage(from) : (from.getImage() ?? undefined);
  if (!runtimeImage || !root) return undefined;
  const installs: PackageInvocation[] = [];
  let installFlags = '';
  let built = false;
  const readable = everyRunCommand(model, stage, (c, i, run) => {
    if (!i)
      return (
        SHELL_OK.has(c.name) &&
        (c.name !== 'mkdir' || c.args.every((a) => !(a.value ?? '/').startsWith('/') && !(a.value ?? '').includes('..')))
      );
    const system = systemInstallIsBuildOnly(i, NODE_BUILD_ONLY);
    if (system !== undefined) return system;
    if (!JS_MANAGERS.has(i.manager) || c.name.includes('/')) return false;
    if (hasOption(i.words, '-g', '--global', '--prefix', '--location', '--dir', '-C', '--cwd', '--modules-folder')) return false;
    if (i.subcommand !== undefined && !ALLOWED[i.manager].test(i.subcommand)) return false;
    if (isDependencyInstall(i)) {
      installs.push(i);
      installFlags = script(model, run)
        .flags.map((f) => textOf(model, f.range))
        .join(' ');
    }
    built ||= isBuildScript(i);
    return true;
  });
  const prune = readable && built ? pruneCommand(installs) : undefined;
  if (!prune) return undefined;
  // `corepack enable` put yarn/pnpm shims into the build stage only; a runtime that starts with them needs them too.
  const program = programWords(stage)?.words[0] ?? '';
  if (/^(yarn|pnpm)$/.test(program) && runsMatching(model, /\bcorepack\b/).length > 0) return undefined;
  // Yarn 1 reads its cache again: the install's mounts (cache, secrets for a private registry) come along.
  const flags = prune.startsWith('yarn') && installFlags ? `${installFlags} ` : '';
  return { runtimeImage, artifacts: [root], keepConfig: true, usersFromBase: true, buildAppend: [`RUN ${flags}${prune}`] };
}
