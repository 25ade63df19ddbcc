// Rust: `cargo build --release` on a rust image. The runtime stage is distroless/cc (glibc, libgcc, OpenSSL's
// libraries and CA certificates: what a typical Rust binary links and needs) and gets only the program the image
// runs, traced from ENTRYPOINT/CMD to `target/release/` or to where a RUN copied it.
import type { From } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import type { Conversion } from './multiStageConversion';
import {
  everyRunCommand,
  finalWorkdir,
  hasHealthcheck,
  movedFileDestinations,
  namesOtherFiles,
  programWords,
  resolvePath,
  systemInstallIsBuildOnly,
  TOOLCHAIN_ONLY,
} from './multiStageChecks';

const RUST_IMAGE = /(^|\/)rust$/;
/**
 * Tags built on Debian 11 or 12 (the unsuffixed ones are 12 today; older ones 11): a program built there runs on
 * Debian 12's glibc. Alpine and trixie builds get no fix (musl; a newer glibc than distroless has).
 */
const DEBIAN_TAG = /^((\d+(\.\d+){0,2}|latest|slim)(-slim)?(-(bookworm|bullseye))?|(slim-)?(bookworm|bullseye))?$/;
const RUNTIME = 'gcr.io/distroless/cc-debian12';
const RUST_BUILD_ONLY = new RegExp(`${TOOLCHAIN_ONLY.source}|^(libssl-dev|protobuf-compiler|musl-tools|lld|mold|libclang-dev|perl)(=.*)?$`);
const SHELL_OK = new Set(['cp', 'mv', 'install', 'strip', 'rm', 'mkdir', 'echo', 'touch', 'true', 'set', 'cd', 'ls', 'rustup']);
const PATH_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

/** The program CMD/ENTRYPOINT runs, if a RUN made it: under target/release, or copied there by cp/mv/install. */
function builtProgram(model: DockerfileModel, stage: Stage, program: string): string | undefined {
  const destinations = movedFileDestinations(model, stage);
  if (!program.includes('/')) return PATH_DIRS.map((dir) => `${dir}/${program}`).find((p) => destinations.has(p));
  const path = resolvePath(finalWorkdir(stage), program);
  if (!path) return undefined;
  return /\/target\/([\w.-]+\/)?release\/[^/]+$/.test(path) || destinations.has(path) ? path : undefined;
}

export function rustConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  const from = stage.from as From;
  if (model.stages.length !== 1 || !RUST_IMAGE.test(from.getImageName() ?? '') || from.getImageDigest()) return undefined;
  if (!DEBIAN_TAG.test(from.getImageTag() ?? '')) return undefined;
  // Distroless has no shell: a shell-form CMD could not start there.
  const program = programWords(stage);
  if (!program || !program.execForm || program.words.length === 0) return undefined;
  let release = false;
  const readable = everyRunCommand(model, stage, (c, i) => {
    if (!i) return SHELL_OK.has(c.name);
    const system = systemInstallIsBuildOnly(i, RUST_BUILD_ONLY);
    if (system !== undefined) return system;
    if (i.manager !== 'cargo' || i.subcommand === 'install') return false;
    release ||= i.subcommand === 'build' && i.words.some((w) => w.value === '--release' || w.value === '-r');
    return true;
  });
  const artifact = readable && release ? builtProgram(model, stage, program.words[0]) : undefined;
  // Only the program is copied: files its arguments name, and a HEALTHCHECK's tools (no shell, no curl), would be missing.
  if (!artifact || namesOtherFiles(program.words, finalWorkdir(stage), artifact) || hasHealthcheck(stage)) return undefined;
  return { runtimeImage: RUNTIME, artifacts: [artifact], keepConfig: true };
}
