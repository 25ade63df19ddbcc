// C/C++ programs compiled on a base that installs nothing but a toolchain: the runtime stage starts from the
// same base (so the program finds the same libc) and gets just the program.
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { invocations, isInstall } from '../../../packages/invocation';
import type { Conversion } from './multiStageConversion';
import { absoluteArtifact } from './multiStageConversion';
import { TOOLCHAIN_ONLY } from './multiStageChecks';
import { script } from './index';

const COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++']);
/** Commands a build-only RUN may run; anything else might make files the runtime needs. */
const BUILD_ONLY = new Set([...COMPILERS, 'apt-get', 'apt', 'apk', 'rm', 'make', 'cmake', 'strip', 'mkdir', 'cd', 'true', 'set']);

/** Every RUN of the (only) stage installs nothing but a toolchain and compiles with `-o /path`. */
export function compiledArtifactConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  if (model.stages.length !== 1) return undefined;
  let artifact: string | undefined;
  for (const run of stage.instructions.filter((i) => i.getKeyword() === 'RUN')) {
    const { commands } = script(model, run);
    if (commands.length === 0 || commands.some((c) => !BUILD_ONLY.has(c.name))) return undefined;
    for (const i of invocations(commands)) {
      if (isInstall(i) && i.operands.some((o) => !TOOLCHAIN_ONLY.test(o.value ?? ''))) return undefined;
    }
    for (const c of commands) {
      if (!COMPILERS.has(c.name)) continue;
      const o = c.args.findIndex((a) => a.value === '-o');
      const out = o >= 0 ? c.args[o + 1]?.value : undefined;
      if (out) artifact = absoluteArtifact(stage, run, out) ?? artifact;
    }
  }
  const image = stage.from.getImage();
  if (!artifact || !image || image.includes('$')) return undefined;
  return { runtimeImage: image, artifacts: [artifact], keepConfig: true };
}
