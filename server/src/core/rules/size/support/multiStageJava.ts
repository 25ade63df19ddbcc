// Java: Maven or Gradle building a jar on a JDK image. The runtime stage is the matching Eclipse Temurin JRE,
// only when the build image says which one (maven:3-eclipse-temurin-17 → eclipse-temurin:17-jre,
// gradle:8-jdk21-jammy → eclipse-temurin:21-jre-jammy, eclipse-temurin:17-jdk → eclipse-temurin:17-jre), and gets
// only the jar the image runs (`java … -jar <path>`), traced to target/, build/libs/ or a cp/mv/install.
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
} from './multiStageChecks';

const DISTRO = '(?:-(alpine|jammy|focal|noble))?';
const RUNTIMES: [RegExp, RegExp][] = [
  [/^(docker\.io\/)?(library\/)?maven$/, new RegExp(`^(?:[\\d.]+-)?eclipse-temurin-(\\d+)${DISTRO}$`)],
  [/^(docker\.io\/)?(library\/)?gradle$/, new RegExp(`^(?:[\\d.]+-)?jdk(\\d+)${DISTRO}$`)],
  [/^(docker\.io\/)?(library\/)?eclipse-temurin$/, new RegExp(`^(\\d+(?:[.\\d_]+)?)(?:-jdk)?${DISTRO}$`)],
];
const SHELL_OK = new Set(['cp', 'mv', 'install', 'rm', 'mkdir', 'chmod', 'echo', 'true', 'set', 'cd', 'ls']);

/** `eclipse-temurin:<version>-jre[-<distro>]` for a build image whose tag names the JDK; undefined otherwise. */
export function jreImage(from: From): string | undefined {
  const name = from.getImageName() ?? '';
  const tag = from.getImageTag() ?? '';
  if (from.getImageDigest()) return undefined;
  for (const [image, tagPattern] of RUNTIMES) {
    const m = image.test(name) ? tagPattern.exec(tag) : null;
    if (m) return `eclipse-temurin:${m[1]}-jre${m[2] ? `-${m[2]}` : ''}`;
  }
  return undefined;
}

/** The jar of `java [options] -jar <jar> …`, resolved, when a build produced it. */
function builtJar(model: DockerfileModel, stage: Stage, words: string[]): string | undefined {
  if (!/(^|\/)java$/.test(words[0] ?? '')) return undefined;
  const jar = words[words.indexOf('-jar') + 1];
  if (!words.includes('-jar') || !jar || jar.includes('*')) return undefined;
  const path = resolvePath(finalWorkdir(stage), jar);
  if (!path) return undefined;
  return /\/(target|build\/libs)\/[^/]+\.jar$/.test(path) || movedFileDestinations(model, stage).has(path) ? path : undefined;
}

export function javaConversion(model: DockerfileModel, stage: Stage): Conversion | undefined {
  const from = stage.from as From;
  const runtimeImage = model.stages.length === 1 ? jreImage(from) : undefined;
  const program = programWords(stage);
  if (!runtimeImage || !program) return undefined;
  let built = false;
  const readable = everyRunCommand(model, stage, (c, i) => {
    if (!i) return SHELL_OK.has(c.name);
    built ||= i.manager === 'mvn' || i.manager === 'gradle';
    return i.manager === 'mvn' || i.manager === 'gradle';
  });
  const artifact = readable && built ? builtJar(model, stage, program.words) : undefined;
  // Only the jar is copied: files the command line names, and a HEALTHCHECK's tools, would be missing.
  if (!artifact || namesOtherFiles(program.words, finalWorkdir(stage), artifact) || hasHealthcheck(stage)) return undefined;
  return { runtimeImage, artifacts: [artifact], keepConfig: true };
}
