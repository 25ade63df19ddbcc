// Proves the fixes on one fixture with the real engine: builds the original and the
// `applyFixes(…, {unsafe: true})` Dockerfile, then compares filesystems, config, program output, sizes
// and (for copy-before-deps) cache reuse after a source-only edit. Returns a table row and the problems.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { applyFixes } from '../../server/src/core/fix/applyFixes';
import { analyzeModel } from '../../server/src/core/analyze';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { ruleContextFor } from '../../server/src/core/config/configuredContext';
import { build, classicCacheTag, inspectImage, keepForClassicCache, removeImages, runImage, stepCached, TAG_PREFIX } from './dockerCli';
import { imageFilesystem } from './filesystem';
import { diffConfig, diffFilesystems } from './compare';
import { packageDiff, PACKAGE_BOOKKEEPING, withScriptCreatedFiles } from './packages';
import { Fixture, makeContext } from './fixtures';
import { checkSafeClass, evidenceOf, type SafeCheck } from './safeClass';

export interface FixtureRow {
  fixture: string;
  builder: string;
  applied: Record<string, number>;
  bytesBefore: number;
  bytesAfter: number;
  layersBefore: number;
  layersAfter: number;
  /** Bytes of files the fix removed (from the filesystem diff). */
  removedFileBytes: number;
  /** Debian packages the fixed image no longer installs (recommends). */
  packagesRemoved: string[];
  cacheReuse?: { fixed: boolean | undefined; original: boolean | undefined };
  /** How the safe fixes' class was checked. */
  safeCheck?: SafeCheck;
  seconds: number;
  /** What failed (empty: the fix is proven on this fixture). */
  problems: string[];
}

export interface FixtureOutcome {
  row?: FixtureRow;
  problems: string[];
  fixedDockerfile: string;
}

function tail(log: string, lines = 25): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n');
}

function substitute(text: string, map: Readonly<Record<string, string>> = {}): string {
  let out = text;
  for (const [from, to] of Object.entries(map)) out = out.split(from).join(to);
  return out;
}

export async function verifyFixture(fixture: Fixture, log: (line: string) => void = () => {}): Promise<FixtureOutcome> {
  const start = Date.now();
  const { spec } = fixture;
  const problems: string[] = [];
  // What the CLI and the server know about the context: .dockerignore, and the files fixes may name.
  const context = ruleContextFor(path.join(fixture.dir, 'Dockerfile'));
  const fixed = applyFixes(fixture.dockerfile, { unsafe: true, onlyRules: spec.onlyRules, context });
  const fixedDockerfile = substitute(fixed.text, spec.substitute);

  for (const rule of spec.fixes)
    if (!fixed.applied[rule]) problems.push(`expected a ${rule} fix, applied: ${JSON.stringify(fixed.applied)}`);
  const findings = analyzeModel(parseDockerfile(fixture.dockerfile), { context });
  for (const rule of spec.reportsWithoutFix ?? []) {
    const f = findings.filter((x) => x.rule === rule);
    if (f.length === 0) problems.push(`expected ${rule} to report`);
    else if (f.some((x) => x.fixes.length > 0)) problems.push(`${rule} now offers a fix: give this fixture a proof for it`);
  }
  if (fixed.text === fixture.dockerfile && fixed.createFiles.length === 0) problems.push('applyFixes changed nothing');
  if (problems.length) return { problems, fixedDockerfile };

  const work = fs.mkdtempSync(path.join(os.tmpdir(), `layerwise-verify-${fixture.name}-`));
  const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const tags = { original: `${TAG_PREFIX}${fixture.name}-orig-${id}`, fixed: `${TAG_PREFIX}${fixture.name}-fixed-${id}` };
  const rebuiltTags = { original: `${tags.original}-edit`, fixed: `${tags.fixed}-edit` };
  try {
    const contexts = {
      original: makeContext(fixture, path.join(work, 'original'), fixture.dockerfile),
      fixed: makeContext(fixture, path.join(work, 'fixed'), fixedDockerfile, fixed.createFiles),
    };
    for (const which of ['original', 'fixed'] as const) {
      const result = await build(spec.builder, contexts[which], path.join(contexts[which], 'Dockerfile'), tags[which]);
      log(`${fixture.name}: ${which} built in ${result.seconds.toFixed(1)} s (${spec.builder})`);
      if (!result.ok) problems.push(`the ${which} Dockerfile does not build:\n${tail(result.log)}`);
    }
    if (problems.length) return { problems, fixedDockerfile };

    const [before, after] = [await inspectImage(tags.original), await inspectImage(tags.fixed)];
    let phaseStart = Date.now();
    // Where a fixture's seconds go, for whoever makes the harness faster.
    const phase = (what: string) => {
      log(`${fixture.name}: ${what} in ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
      phaseStart = Date.now();
    };
    const [fsBefore, fsAfter] = [await imageFilesystem(tags.original), await imageFilesystem(tags.fixed)];
    phase('filesystems read');
    let removable = spec.removable ?? [];
    let removablePaths: Set<string> | undefined;
    let packagesRemoved: string[] = [];
    if (spec.packagesMayGo) {
      const packages = await packageDiff(tags.original, tags.fixed);
      if (packages.added.length) problems.push(`the fixed image installs packages the original does not: ${packages.added.join(' ')}`);
      packagesRemoved = packages.removed;
      log(`${fixture.name}: packages no longer installed: ${packages.removed.join(' ') || 'none'}`);
      removablePaths = withScriptCreatedFiles(new Set(packages.ownedPaths), fsBefore, fsAfter);
      if (packages.removed.length) removable = [...removable, ...PACKAGE_BOOKKEEPING];
    }
    const fsDiff = diffFilesystems(fsBefore, fsAfter, { removable, removablePaths, keep: spec.keep, mayAdd: spec.mayAdd });
    problems.push(...fsDiff.problems.slice(0, 12));
    if (fsDiff.problems.length > 12) problems.push(`… and ${fsDiff.problems.length - 12} more filesystem differences`);
    problems.push(...diffConfig(before.config, after.config, spec.configMayDiffer));
    // Safe fixes answer to the definition, not to what fixture.json allows (a mislabelled fix fails here).
    const safe = await checkSafeClass(
      fixture,
      context,
      fixed,
      evidenceOf(fsBefore, before.config),
      evidenceOf(fsAfter, after.config),
      work,
      `${tags.fixed}-safe`,
      log,
    );
    problems.push(...safe.problems);
    phase('packages, filesystems and safe class compared');

    const [ranBefore, ranAfter] = [await runImage(tags.original, spec.run), await runImage(tags.fixed, spec.run)];
    if (ranBefore.code !== 0) problems.push(`the original image's program fails (exit ${ranBefore.code}): ${ranBefore.stderr.trim()}`);
    if (ranAfter.code !== ranBefore.code || ranAfter.stdout !== ranBefore.stdout) {
      problems.push(
        `the program prints something else after the fix: exit ${ranBefore.code} ${JSON.stringify(ranBefore.stdout)} → exit ${ranAfter.code} ${JSON.stringify(ranAfter.stdout)} ${ranAfter.stderr.trim()}`,
      );
    }
    if (ranBefore.stdout.trim() === '') problems.push('the program printed nothing: the fixture must print something to compare');
    phase('programs run');

    const allowedGrowth = spec.maxGrowth?.bytes ?? 0;
    if (after.size > before.size + allowedGrowth)
      problems.push(
        `the fixed image is larger: ${before.size} → ${after.size} bytes${allowedGrowth ? ` (allowed: ${allowedGrowth} more)` : ''}`,
      );
    const saved = before.size - after.size;
    if (spec.minSavedBytes !== undefined && saved < spec.minSavedBytes)
      problems.push(`expected to save at least ${spec.minSavedBytes} bytes, saved ${saved}`);

    let cacheReuse: FixtureRow['cacheReuse'];
    if (spec.cacheCheck) {
      const check = spec.cacheCheck;
      const step = new RegExp(check.step);
      const result: Record<'original' | 'fixed', boolean | undefined> = { original: undefined, fixed: undefined };
      for (const which of ['original', 'fixed'] as const) {
        fs.appendFileSync(path.join(contexts[which], check.edit), `${check.append} ${id}-${Date.now()}\n`);
        const rebuilt = await build(spec.builder, contexts[which], path.join(contexts[which], 'Dockerfile'), rebuiltTags[which]);
        if (!rebuilt.ok) {
          problems.push(`the ${which} Dockerfile does not rebuild after editing ${check.edit}:\n${tail(rebuilt.log)}`);
          continue;
        }
        result[which] = stepCached(spec.builder, rebuilt.log, step);
        if (result[which] === undefined) problems.push(`the ${which} rebuild log has no step matching /${check.step}/`);
      }
      cacheReuse = result;
      phase('rebuilt after a source edit');
      if (result.fixed === false)
        problems.push(`after editing ${check.edit}, the fixed Dockerfile re-ran the dependency install (/${check.step}/)`);
      if (result.original === true)
        problems.push(`after editing ${check.edit}, the original reused the dependency install: the fixture does not show the problem`);
    }

    return {
      problems,
      fixedDockerfile,
      row: {
        fixture: fixture.name,
        builder: spec.builder,
        applied: fixed.applied,
        bytesBefore: before.size,
        bytesAfter: after.size,
        layersBefore: before.layers,
        layersAfter: after.layers,
        removedFileBytes: fsDiff.removedBytes,
        packagesRemoved,
        cacheReuse,
        safeCheck: safe.checked,
        seconds: (Date.now() - start) / 1000,
        problems,
      },
    };
  } finally {
    if (spec.builder === 'classic')
      for (const which of ['original', 'fixed'] as const) await keepForClassicCache(tags[which], classicCacheTag(fixture.name, which));
    await removeImages([...Object.values(tags), ...Object.values(rebuiltTags)]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
