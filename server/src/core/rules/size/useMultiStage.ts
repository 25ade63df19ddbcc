// The final stage carries a build toolchain (a compiler image such as golang/rust/maven/gcc, or gcc,
// build-essential, build-base, -dev packages it never removes) that only produced an artifact. A
// multi-stage build ships just the artifact. The fix is offered where the artifact and a fitting runtime image are
// known (Go here; C/C++, Node, Python, Rust and Java in multiStage<Ecosystem>.ts); elsewhere the message says
// what to do.
import type { Instruction, From, PropertyInstruction } from '../../model/syntax/index';
import type { Rule } from '../rule';
import type { DockerfileModel, Stage } from '../../model/dockerfileModel';
import { stagesInFinalImage } from '../../model/stages';
import { invocations, isInstall, optionValue, PackageInvocation } from '../../packages/invocation';
import type { FixProposal } from '../../types';
import { instructionText, runsMatching, script, SizeReport } from './support';
import { absoluteArtifact, Conversion, convertToMultiStage } from './support/multiStageConversion';
import { compiledArtifactConversion } from './support/multiStageC';
import { nodeBuildCommand, nodeConversion } from './support/multiStageNode';
import { pythonVenvConversion } from './support/multiStagePython';
import { rustConversion } from './support/multiStageRust';
import { javaConversion } from './support/multiStageJava';
import * as l10n from '../../l10n';

const COMPILER_IMAGES =
  /(^|\/)(golang|rust|maven|gradle|gcc|buildpack-deps)(:|$)|(^|\/)(openjdk|eclipse-temurin|amazoncorretto)(:[^-]*-?jdk|:\d+$|$)|dotnet\/sdk/;
const BUILD_COMMANDS =
  /\b(go\s+build|cargo\s+(build|install)|mvnw?\s|gradlew?\s|make\b|gcc\b|g\+\+|cmake\b|dotnet\s+(publish|build)|javac\b)/;
const TOOLCHAIN_PACKAGE = /^(build-essential|build-base|gcc|g\+\+|clang|make|cmake|gcc-c\+\+|[\w.+-]+-(dev|devel))(=.*)?$/;

function toolchainInstall(model: DockerfileModel, stage: Stage): PackageInvocation | undefined {
  for (const { run, stage: s } of runsMatching(model, /\b(apt(-get)?|apk|yum|dnf|microdnf)\b/)) {
    if (s !== stage) continue;
    const all = invocations(script(model, run).commands);
    for (const i of all) {
      if (!isInstall(i) || !['apt', 'apk', 'yum', 'dnf', 'microdnf'].includes(i.manager)) continue;
      if (!i.operands.some((o) => TOOLCHAIN_PACKAGE.test(o.value ?? ''))) continue;
      // Removed again in the same RUN (apk del .build-deps, apt-get purge): nothing stays behind.
      const virtual = optionValue(i.words, '--virtual', '-t');
      const removed = all.some(
        (r) =>
          (r.subcommand === 'del' && (!virtual || r.operands.some((o) => o.value === virtual))) ||
          r.subcommand === 'purge' ||
          r.subcommand === 'autoremove' ||
          r.subcommand === 'remove',
      );
      if (!removed) return i;
    }
  }
  return undefined;
}

/** How this stage's own package manager removes build packages in the RUN that installed them. */
function removalIdiom(install: PackageInvocation): string {
  const tool = (install.toolWord.value ?? install.manager).replace(/^.*\//, '');
  const packages = install.operands
    .map((o) => o.value ?? '')
    .filter((p) => TOOLCHAIN_PACKAGE.test(p))
    .map((p) => p.replace(/=.*$/, ''));
  const listed = packages.slice(0, 3).join(' ') + (packages.length > 3 ? ' …' : '');
  switch (tool) {
    case 'apk':
      return `\`apk add --virtual .build-deps ${listed} && … && apk del .build-deps\``;
    case 'aptitude':
      return `\`aptitude purge -y ${listed}\``;
    case 'apt':
    case 'apt-get':
      // apt-get, not apt, in scripts: apt warns that its command line is not stable.
      return `\`apt-get purge -y --auto-remove ${listed}\``;
    case 'microdnf':
      return `\`microdnf remove ${listed}\``;
    default:
      return `\`${tool} remove -y ${listed}\``;
  }
}

/** The Go conversion: `FROM golang AS build` … then a runtime stage copying the `go build -o` output. */
function goConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  const from = stage.from as From;
  if (model.stages.length !== 1 || !/(^|\/)golang$/.test(from.getImageName() ?? '')) return undefined;
  let artifact: string | undefined;
  let cgoOff = false;
  for (const { run } of runsMatching(model, /\bgo\b/)) {
    for (const i of invocations(script(model, run).commands)) {
      if (i.manager !== 'go' || i.subcommand !== 'build') continue;
      const out = optionValue(i.words, '-o');
      if (!out) continue;
      artifact = absoluteArtifact(stage, run, out);
      cgoOff = i.command.assignments.some((a) => a.name === 'CGO_ENABLED' && a.value === '0');
    }
  }
  if (!artifact) return undefined;
  const envs = stage.instructions.filter((i) => i.getKeyword() === 'ENV') as PropertyInstruction[];
  cgoOff ||= envs.some((e) => e.getProperties().some((p) => p.getName() === 'CGO_ENABLED' && p.getValue() === '0'));
  const execForm = stage.instructions
    .filter((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT')
    .every((i) => (i.getArgumentsContent() ?? '').trim().startsWith('['));
  const runtimeImage = cgoOff && execForm ? 'gcr.io/distroless/static-debian12' : 'debian:bookworm-slim';
  return { runtimeImage, artifacts: [artifact], keepConfig: false };
}

/** The first conversion that applies, as a fix. */
function fixFrom(
  model: DockerfileModel,
  stage: Stage,
  ...conversions: ((m: DockerfileModel, s: Stage) => Conversion | undefined)[]
): FixProposal | undefined {
  for (const convert of conversions) {
    const conversion = convert(model, stage);
    const fix = conversion && convertToMultiStage(model, stage, conversion);
    if (fix) return fix;
  }
  return undefined;
}

export const useMultiStage: Rule = {
  meta: {
    id: 'use-multi-stage',
    aliases: [],
    severity: 'info',
    tags: ['size'],
    summary: 'The final stage carries a build toolchain that only produced an artifact; a multi-stage build ships just the artifact.',
  },
  check(model) {
    const stage = model.finalStage;
    if (!stage) return [];
    // Already multi-stage: the final stage takes its artifacts from a builder.
    if (
      stage.instructions.some(
        (i) =>
          (i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD') &&
          (i as unknown as { getFlags(): { getName(): string }[] }).getFlags().some((f) => f.getName() === 'from'),
      )
    )
      return [];
    const reports: SizeReport[] = [];
    const lineage = [...stagesInFinalImage(model)];
    const compiler = lineage.map((s) => s.from as From).find((f) => COMPILER_IMAGES.test(f.getImageName() ?? ''));
    const builds = stage.instructions.some((i: Instruction) => i.getKeyword() === 'RUN' && BUILD_COMMANDS.test(instructionText(model, i)));
    if (compiler && builds) {
      const fix = fixFrom(model, stage, goConversion, rustConversion, javaConversion);
      reports.push({
        range: compiler.getImageRange() ?? compiler.getRange(),
        message: l10n.t(
          'The final image is `{0}`, a full build toolchain, but it only needs the built artifact. Build in a `build` stage and `COPY --from=build` the artifact into a slim or distroless runtime stage.',
          compiler.getImageName() ?? '',
        ),
        fixes: fix ? [fix] : [],
      });
      return reports;
    }
    const toolchain = toolchainInstall(model, stage);
    if (toolchain) {
      const fix = fixFrom(model, stage, compiledArtifactConversion, pythonVenvConversion, nodeConversion);
      reports.push({
        range: toolchain.command.range,
        message: l10n.t(
          'Compilers and headers installed here stay in the final image. Build in an earlier stage and copy only the result, or remove them in the same RUN once the build is done ({0}).',
          removalIdiom(toolchain),
        ),
        fixes: fix ? [fix] : [],
      });
      return reports;
    }
    const nodeBuild = nodeBuildCommand(model, stage);
    if (nodeBuild) {
      const fix = fixFrom(model, stage, nodeConversion);
      reports.push({
        range: nodeBuild.range,
        message: l10n.t(
          'The final image keeps everything this build needed: devDependencies, the sources and the full Node image. Build in a `build` stage, drop devDependencies (`npm prune --omit=dev`), and copy the application into a runtime stage (`node:<version>-slim`).',
        ),
        fixes: fix ? [fix] : [],
      });
    }
    return reports;
  },
};
