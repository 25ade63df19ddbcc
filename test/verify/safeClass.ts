// Every *safe* fix checked against the definition (server/src/core/proof/safeCheck.ts): same files but for package
// caches and lists, the same installed packages (dpkg/apk database), the same config. When a fixture's fixes
// are all safe, its fixed image is checked so, whatever fixture.json allows; when they mix in build-changing
// fixes, the Dockerfile with only the safe fixes is built too and checked alone.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFixes, type ApplyFixesResult } from '../../server/src/core/fix/applyFixes';
import { packagesFromFilesystem } from '../../server/src/core/proof/packages';
import { safeClaimProblems, SAFE_MAY_DIFFER, type ImageEvidence } from '../../server/src/core/proof/safeCheck';
import type { RuleContext } from '../../server/src/core/rules/rule';
import { build, classicCacheTag, inspectImage, keepForClassicCache, removeImages } from './dockerCli';
import { imageFilesystem, type FsMap } from './filesystem';
import { makeContext, type Fixture } from './fixtures';

export type SafeCheck = 'all fixes safe' | 'safe fixes built alone' | 'no safe fix';

export interface SafeClassOutcome {
  checked: SafeCheck;
  problems: string[];
}

export function evidenceOf(files: FsMap, config: Record<string, unknown>): ImageEvidence {
  return { fs: files, packages: packagesFromFilesystem(files), config };
}

/** `fixed` applied every fix; `original`/`fixedImage` are the two images' evidence already read. */
export async function checkSafeClass(
  fixture: Fixture,
  context: RuleContext,
  fixed: ApplyFixesResult,
  original: ImageEvidence,
  fixedImage: ImageEvidence,
  work: string,
  tag: string,
  log: (line: string) => void,
): Promise<SafeClassOutcome> {
  // `COPY . .` puts the Dockerfile itself into the image: its copies change with any edit to it, fix or not.
  const dockerfileDigest = createHash('sha256').update(fixture.dockerfile).digest('hex');
  const mayDiffer = [
    ...SAFE_MAY_DIFFER,
    ...[...original.fs].filter(([, e]) => e.type === 'file' && e.digest === dockerfileDigest).map(([p]) => p),
  ];
  const safeOnly = applyFixes(fixture.dockerfile, { unsafe: false, onlyRules: fixture.spec.onlyRules, context });
  const label = (p: string) => `a safe fix (${Object.keys(safeOnly.applied).join(', ')}) changed the build: ${p}`;
  if (safeOnly.text === fixed.text && safeOnly.createFiles.length === fixed.createFiles.length) {
    return { checked: 'all fixes safe', problems: safeClaimProblems(original, fixedImage, mayDiffer).map(label) };
  }
  if (safeOnly.text === fixture.dockerfile && safeOnly.createFiles.length === 0) return { checked: 'no safe fix', problems: [] };
  const dir = makeContext(fixture, path.join(work, 'safe-only'), safeOnly.text, safeOnly.createFiles);
  const result = await build(fixture.spec.builder, dir, path.join(dir, 'Dockerfile'), tag);
  log(`${fixture.name}: safe fixes alone built in ${result.seconds.toFixed(1)} s`);
  try {
    if (!result.ok)
      return {
        checked: 'safe fixes built alone',
        problems: [`the Dockerfile with only its safe fixes does not build:\n${result.log.trimEnd().split('\n').slice(-15).join('\n')}`],
      };
    const image = evidenceOf(await imageFilesystem(tag), (await inspectImage(tag)).config);
    return { checked: 'safe fixes built alone', problems: safeClaimProblems(original, image, mayDiffer).map(label) };
  } finally {
    if (fixture.spec.builder === 'classic') await keepForClassicCache(tag, classicCacheTag(fixture.name, 'safe-only'));
    await removeImages([tag]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
