// Python: packages that need a compiler (gcc/build-essential and Python's headers installed before `pip install`).
// The build stage creates a virtual environment first and puts it on PATH, so every `pip install` goes into it;
// the runtime stage (the same base, so the interpreter, its libc and the libraries it already has are the same)
// copies the venv and the application folder and puts the venv on PATH.
//
// The venv sees the base's own site-packages (`--system-site-packages`): whatever the base image's Python could
// import before still imports, and pip finds the base's setuptools for builds without isolation.
import type { From, Instruction } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { hasOption } from '../../../packages/invocation';
import type { Conversion } from './multiStageConversion';
import { applicationRoot, everyRunCommand, systemInstallIsBuildOnly, TOOLCHAIN_ONLY } from './multiStageChecks';

const PYTHON_IMAGE = /(^|\/)python$/;
export const VENV = '/opt/venv';
/**
 * Build-only packages: the toolchain, Python's own headers and venv module. Library headers (libpq-dev,
 * libffi-dev…) are not: the compiled extension needs their runtime library, which only they pulled in.
 */
const PYTHON_BUILD_ONLY = new RegExp(`${TOOLCHAIN_ONLY.source}|^(python3?(\\.\\d+)?-(dev|venv)|libpython3(\\.\\d+)?-dev)(=.*)?$`);
/** pip options that install somewhere other than the active environment. */
const ELSEWHERE = ['--user', '--target', '-t', '--prefix', '--root'];
const SHELL_OK = new Set(['rm', 'true', 'set']);

export function pythonVenvConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  const from = stage.from as From;
  const image = from.getImage();
  if (model.stages.length !== 1 || !PYTHON_IMAGE.test(from.getImageName() ?? '') || !image) return undefined;
  const root = applicationRoot(stage);
  const placesFiles = stage.instructions.some((i) => ['COPY', 'ADD', 'WORKDIR'].includes(i.getKeyword()));
  if (placesFiles && !root) return undefined;
  let firstPip: Instruction | undefined;
  let compiler = false;
  const readable = everyRunCommand(model, stage, (c, i, run) => {
    if (!i) return SHELL_OK.has(c.name);
    const system = systemInstallIsBuildOnly(i, PYTHON_BUILD_ONLY);
    if (system !== undefined) {
      compiler ||= system && i.operands.length > 0;
      return system;
    }
    // `pip` as found on PATH (the venv's once it is first there), installing into the active environment.
    if (i.manager !== 'pip' || c.name.includes('/') || i.toolWord.text.includes('/') || i.subcommand !== 'install') return false;
    if (hasOption(i.words, ...ELSEWHERE)) return false;
    firstPip ??= run;
    return true;
  });
  if (!readable || !compiler || !firstPip) return undefined;
  return {
    runtimeImage: image,
    artifacts: [VENV, ...(root ? [root] : [])],
    keepConfig: true,
    usersFromBase: true,
    buildInsert: { before: firstPip, lines: [`RUN python3 -m venv --system-site-packages ${VENV}`, `ENV PATH="${VENV}/bin:$PATH"`] },
    runtimeSetup: [`ENV PATH="${VENV}/bin:$PATH"`],
  };
}
