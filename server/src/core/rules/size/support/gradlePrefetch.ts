// Gradle: the build scripts, settings, properties and the wrapper (gradlew + gradle/) are what
// `gradle dependencies` needs to resolve the plugins and the dependency graph. Only a single-project
// build is handled: in a multi-project build the report task covers the root project alone and every
// subproject's build script would have to be copied too.
import type { BuildContextFiles } from '../../../context/files';
import type { FixProposal } from '../../../types';
import { copyLine, optionWords, prefetchFix, prefetchSite, ProjectInstall, runLine } from './projectPrefetch';

const ROOT_FILES = ['settings.gradle', 'settings.gradle.kts', 'build.gradle', 'build.gradle.kts', 'gradle.properties', 'gradlew'];
/** Options that point Gradle at another project, build file or included build. */
const ELSEWHERE = /^(-p|--project-dir|-b|--build-file|-c|--settings-file|--include-build|--init-script|-I)(=|$)/;

/** A single-project build: no build script below the root (buildSrc's aside), and settings that include nothing. */
export function singleProject(files: BuildContextFiles): boolean {
  if (files.find(/^build\.gradle(\.kts)?$/, 3).some((f) => f.includes('/') && !f.startsWith('buildSrc/'))) return false;
  for (const settings of ['settings.gradle', 'settings.gradle.kts']) {
    const text = files.read(settings);
    if (text !== undefined && /^\s*(include|includeBuild|includeFlat)\b/m.test(text.replace(/\/\/.*$/gm, ''))) return false;
  }
  return true;
}

export function gradleFix(p: ProjectInstall): FixProposal | undefined {
  const { files, install } = p;
  if (!files || optionWords(p).some((o) => ELSEWHERE.test(o))) return undefined;
  const present = ROOT_FILES.filter((f) => files.kind(f) === 'file');
  if (!present.some((f) => f.startsWith('build.gradle')) || !singleProject(files)) return undefined;
  const tool = install.invocation.toolWord;
  const wrapper = /gradlew$/.test(tool.value ?? '');
  // The wrapper needs gradle/wrapper/ to download its distribution; without it the build fails anyway.
  if (wrapper && (files.kind('gradlew') !== 'file' || files.kind('gradle/wrapper') !== 'directory')) return undefined;
  const site = prefetchSite(p);
  // Only `gradle …` / `./gradlew …` itself: a wrapper like `sh gradlew` or `env` is not repeated.
  if (!site || site.command.nameWord !== tool) return undefined;

  const lines = [copyLine(site, p.all, present)];
  if (files.kind('gradle') === 'directory') lines.push(copyLine(site, p.all, ['gradle'], 'gradle'));
  // buildSrc holds the build's own plugins: the build scripts do not evaluate without it.
  if (files.kind('buildSrc') === 'directory') lines.push(copyLine(site, p.all, ['buildSrc'], 'buildSrc'));
  lines.push(runLine(site, `${tool.text} dependencies --no-daemon`));
  return prefetchFix(p, site, lines);
}
