// "Prove this fix" on the user's own build: builds the Dockerfile as it is and as fixed (with the user's engine,
// context and build cache), then measures what the fix changes — bytes and layers, files by folder, installed
// packages (risky removals named), config, the build cache after a source-only edit (copy-before-deps) and an
// optional smoke command — and whether each fix kept its safety class. Nothing is applied.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type Dockerode from 'dockerode';
import { applyEdits, applyFixes, type ApplyFixesOptions } from '../fix/applyFixes';
import type { TextEdit } from '../types';
import { buildImage, type BuildResult, type CliBuildOptions } from '../engine/build';
import { walkContext } from '../context/walk';
import { DOCKERFILE_LABEL } from '../engine/images';
import { parseDockerfile } from '../model/dockerfileModel';
import { configChanges, type ConfigChange } from './config';
import { exportFilesystem, type FsMap } from './filesystem';
import { isUnder, summarizeChanges, type ChangeSummary } from './fsDiff';
import {
  diffPackages,
  hasRpmDatabase,
  isPackageDatabase,
  packagesFromFilesystem,
  parseRpmList,
  type PackageChanges,
  type PackageSet,
} from './packages';
import { riskyRemovals, type RiskyRemoval } from './risky';
import { safeClaimProblems, SAFE_MAY_DIFFER } from './safeCheck';
import { builderOf, runStepPattern, stepCached } from './cacheReuse';
import { runSmoke, splitWords, type SmokeResult } from './smoke';
import { contextDigest, ProofCache } from './proofCache';
import { bytes } from './textReport';

export type Claim = 'safe' | 'changes-build';

export interface ImageFigures {
  imageId?: string;
  sizeBytes: number;
  layers: number;
}

export interface VariantEvidence {
  /** `fixed`: every selected fix; `safe-only`: only the safe ones, to check their claim on their own. */
  name: 'fixed' | 'safe-only';
  claim: Claim;
  applied: Record<string, number>;
  dockerfileText: string;
  built: boolean;
  buildError?: string;
  image?: ImageFigures;
  bytesSaved?: number;
  layersSaved?: number;
  filesystem?: ChangeSummary;
  packages?: PackageChanges & { risky: RiskyRemoval[] };
  config?: ConfigChange[];
  smoke?: { original: SmokeResult; fixed: SmokeResult; same: boolean };
  /** Whether the variant did what its class says (a build-changing fix always does, if it builds). */
  claimHolds: boolean;
  problems: string[];
}

export interface CacheEvidence {
  sourceFile?: string;
  steps: { step: string; original?: boolean; fixed?: boolean }[];
  /** The fixed Dockerfile reuses an install step the original re-runs after a source-only edit. */
  holds?: boolean;
  note?: string;
}

export type Verdict = 'as-claimed' | 'class-violated' | 'fix-breaks-build' | 'nothing-to-fix';

export interface ProofEvidence {
  dockerfile: string;
  context: string;
  rules?: string[];
  original: ImageFigures & { packageManager?: string };
  variants: VariantEvidence[];
  cache?: CacheEvidence;
  notes: string[];
  verdict: Verdict;
  summary: string;
  fromCache?: boolean;
}

export class ProofError extends Error {}

export interface ProveOptions {
  /** A connection for long requests (exports, builds). */
  docker: Dockerode;
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  text: string;
  /** Build context; defaults to the Dockerfile's folder. */
  context?: string;
  onlyRules?: readonly string[];
  /** What the rules need to know (.dockerignore, config): as for `layerwise fix`. */
  analyze?: Pick<ApplyFixesOptions, 'config' | 'context' | 'onRuleError'>;
  smokeCommand?: string;
  build?: Partial<CliBuildOptions> & { preferApi?: boolean };
  signal?: AbortSignal;
  onProgress?(message: string): void;
  /** Verdicts kept per (text, rules, context digest, engine): a hit skips every build. */
  cache?: ProofCache<ProofEvidence>;
  /** Names the engine in the cache key (its endpoint); its own id is added. */
  engineName?: string;
  /**
   * Prove this one fix (the editor's "Prove this fix") instead of every fix `layerwise fix` would apply: the
   * proof then builds exactly the text these edits give, which is what "Apply" applies afterwards.
   */
  fix?: OneFix;
}

export interface OneFix {
  rule: string;
  safe: boolean;
  edits: readonly TextEdit[];
  createFiles?: readonly { path: string; content: string }[];
}

type Fixed = { text: string; applied: Record<string, number>; createFiles: { path: string; content: string }[] };

/** The text with every fix `layerwise fix` would apply, and with only the safe ones; or with the one fix asked for. */
function fixedTexts(options: ProveOptions): { full: Fixed; safeOnly: Fixed } {
  const one = options.fix;
  if (one) {
    const full = { text: applyEdits(options.text, one.edits), applied: { [one.rule]: 1 }, createFiles: [...(one.createFiles ?? [])] };
    return { full, safeOnly: one.safe ? full : { text: options.text, applied: {}, createFiles: [] } };
  }
  const fixOptions = { ...options.analyze, onlyRules: options.onlyRules };
  return {
    full: applyFixes(options.text, { ...fixOptions, unsafe: true }),
    safeOnly: applyFixes(options.text, { ...fixOptions, unsafe: false }),
  };
}

/** The build-cache claim is copy-before-deps'; other fixes make none. */
const CACHE_RULES = new Set(['copy-before-deps']);
const MANIFEST =
  /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|requirements[^/]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|setup\.(py|cfg)|go\.(mod|sum)|Cargo\.(toml|lock)|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|[^/]+\.csproj|Gemfile(\.lock)?|composer\.(json|lock)|Dockerfile[^/]*|\.dockerignore)$/;
const COMMENT: Record<string, string> = {
  js: '//',
  mjs: '//',
  cjs: '//',
  ts: '//',
  go: '//',
  rs: '//',
  java: '//',
  kt: '//',
  c: '//',
  h: '//',
  cc: '//',
  cpp: '//',
  cs: '//',
  py: '#',
  rb: '#',
  sh: '#',
  php: '//',
};

function tagFor(text: string, name: string): string {
  return `layerwise-proof:${createHash('sha256').update(text).digest('hex').slice(0, 12)}-${name}`;
}

async function figures(docker: Dockerode, tag: string): Promise<ImageFigures> {
  const info = await docker.getImage(tag).inspect();
  return { imageId: info.Id, sizeBytes: info.Size, layers: info.RootFS?.Layers?.length ?? 0 };
}

/** The image config without the label our builds add (it names the Dockerfile's path, which differs). */
async function configOf(docker: Dockerode, tag: string): Promise<Record<string, unknown>> {
  const config = { ...((await docker.getImage(tag).inspect()).Config as unknown as Record<string, unknown>) };
  const labels = { ...((config.Labels as Record<string, string> | null) ?? {}) };
  delete labels[DOCKERFILE_LABEL];
  config.Labels = Object.keys(labels).length ? labels : null;
  return config;
}

async function packagesOf(docker: Dockerode, tag: string, files: FsMap): Promise<PackageSet | undefined> {
  const found = packagesFromFilesystem(files);
  if (found || !hasRpmDatabase(files)) return found;
  // rpm's database is binary: ask the image's own rpm.
  const container = await docker.createContainer({
    Image: tag,
    Entrypoint: ['rpm'],
    Cmd: ['-qa', '--qf', '%{NAME} %{VERSION}-%{RELEASE}\\n'],
    NetworkDisabled: true,
  });
  try {
    const result = await runSmokeLike(container);
    return result ? { manager: 'rpm', packages: parseRpmList(result) } : undefined;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

async function runSmokeLike(container: Dockerode.Container): Promise<string | undefined> {
  await container.start();
  const { StatusCode } = (await container.wait()) as { StatusCode: number };
  if (StatusCode !== 0) return undefined;
  const logs = (await container.logs({ stdout: true, stderr: false })) as unknown as Buffer;
  // Multiplexed frames: 8-byte headers before each chunk.
  const parts: Buffer[] = [];
  for (let at = 0; at + 8 <= logs.length;) {
    const size = logs.readUInt32BE(at + 4);
    parts.push(logs.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Builds `text` (written to a temporary Dockerfile unless it is the user's) with the user's context. */
async function buildText(
  options: ProveOptions,
  context: string,
  text: string,
  tag: string,
  log: string[],
  extraFiles: { path: string; content: string }[] = [],
): Promise<BuildResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proof-'));
  try {
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, text);
    // BuildKit reads `<Dockerfile>.dockerignore` next to the Dockerfile: the fix's new .dockerignore goes there.
    for (const f of extraFiles) if (f.path === '.dockerignore') fs.writeFileSync(`${dockerfile}.dockerignore`, f.content);
    return await buildImage({ dockerfile, context, tag, signal: options.signal, onLog: (l) => log.push(l) }, options.docker, options.build);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function summaryOf(evidence: ProofEvidence): string {
  if (evidence.verdict === 'nothing-to-fix') return 'nothing to prove: no fix applies';
  const main = evidence.variants.find((v) => v.name === 'fixed')!;
  if (evidence.verdict === 'fix-breaks-build')
    return `the fixed Dockerfile does not build: ${evidence.variants.find((v) => !v.built)?.buildError ?? ''}`.trim();
  const saved = main.bytesSaved ?? 0;
  const parts = [saved >= 0 ? `saves ${bytes(saved)}` : `grows ${bytes(-saved)}`];
  const fsChanged = (main.filesystem?.added ?? 0) + (main.filesystem?.removed ?? 0) + (main.filesystem?.changed ?? 0);
  parts.push(fsChanged === 0 ? 'same files' : `${fsChanged} paths differ`);
  const removed = main.packages?.removed ?? [];
  if (removed.length)
    parts.push(
      `removes ${removed.length} package${removed.length === 1 ? '' : 's'}: ${removed.slice(0, 6).join(', ')}${removed.length > 6 ? ', …' : ''}`,
    );
  if (main.packages?.added.length) parts.push(`adds ${main.packages.added.length} packages`);
  if (main.config?.length) parts.push(`config: ${main.config.map((c) => c.field).join(', ')}`);
  const head =
    evidence.verdict === 'class-violated'
      ? 'NOT what its class says'
      : main.claim === 'safe'
        ? 'proven safe'
        : 'proven (changes the build)';
  return `${head}: ${parts.join(', ')}`;
}

function chooseSourceFile(files: readonly { path: string }[], dockerfileText: string): string | undefined {
  const copied = files.filter((f) => !MANIFEST.test(f.path) && COMMENT[f.path.split('.').pop() ?? ''] !== undefined);
  // Prefer a file the Dockerfile does not name: the source COPY is usually `COPY . .`.
  return (copied.find((f) => !dockerfileText.includes(path.posix.basename(f.path))) ?? copied[0])?.path;
}

/** Rebuilds both after appending a comment to one source file in a copy of the context. */
async function checkCacheReuse(
  options: ProveOptions,
  context: string,
  files: readonly { path: string }[],
  fixedText: string,
): Promise<CacheEvidence> {
  const source = chooseSourceFile(files, options.text);
  if (!source) return { steps: [], note: 'no source file with a known comment syntax in the context to edit' };
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proof-context-'));
  try {
    for (const f of files) {
      fs.mkdirSync(path.join(copy, path.dirname(f.path)), { recursive: true });
      fs.copyFileSync(path.join(context, f.path), path.join(copy, f.path));
    }
    const ignore = path.join(context, '.dockerignore');
    if (fs.existsSync(ignore)) fs.copyFileSync(ignore, path.join(copy, '.dockerignore'));
    const comment = COMMENT[source.split('.').pop()!];
    fs.appendFileSync(path.join(copy, source), `\n${comment} layerwise proof ${Date.now()}-${process.pid}\n`);
    const logs = { original: [] as string[], fixed: [] as string[] };
    for (const [which, text] of [
      ['original', options.text],
      ['fixed', fixedText],
    ] as const) {
      options.onProgress?.(`rebuilding the ${which} Dockerfile after editing ${source}`);
      const result = await buildText(options, copy, text, tagFor(text, `${which}-edit`), logs[which]);
      await options.docker
        .getImage(result.tag)
        .remove({ force: true, noprune: true })
        .catch(() => undefined);
      if (!result.ok) return { sourceFile: source, steps: [], note: `the ${which} Dockerfile did not rebuild: ${result.message ?? ''}` };
    }
    const model = parseDockerfile(options.text);
    const steps: CacheEvidence['steps'] = [];
    for (const instruction of model.finalStage?.instructions ?? []) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const firstLine = model.lines[instruction.getRange().start.line];
      const pattern = runStepPattern(firstLine);
      const original = stepCached(builderOf(logs.original.join('\n')), logs.original.join('\n'), pattern);
      const fixed = stepCached(builderOf(logs.fixed.join('\n')), logs.fixed.join('\n'), pattern);
      steps.push({ step: firstLine.trim(), original, fixed });
    }
    const reRan = steps.filter((s) => s.original === false);
    const holds = reRan.length === 0 ? undefined : reRan.some((s) => s.fixed === true);
    return {
      sourceFile: source,
      steps,
      holds,
      note: reRan.length === 0 ? 'the original already reuses every RUN after this edit' : undefined,
    };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export async function proveFix(options: ProveOptions): Promise<ProofEvidence> {
  const { docker } = options;
  const context = path.resolve(options.context ?? path.dirname(options.dockerfile));
  const progress = (m: string) => options.onProgress?.(m);
  const rules = options.fix ? [options.fix.rule] : options.onlyRules ? [...options.onlyRules] : undefined;
  const { full, safeOnly } = fixedTexts(options);
  const base: Omit<ProofEvidence, 'verdict' | 'summary'> = {
    dockerfile: options.dockerfile,
    context,
    rules,
    original: { sizeBytes: 0, layers: 0 },
    variants: [],
    notes: [],
  };
  if (full.text === options.text && full.createFiles.length === 0) {
    const evidence: ProofEvidence = { ...base, verdict: 'nothing-to-fix', summary: '' };
    return { ...evidence, summary: summaryOf(evidence) };
  }

  const walk = await walkContext(context, { dockerfile: options.dockerfile, maxFiles: 200_000, maxMs: 60_000 });
  let cacheKey: Parameters<ProofCache<ProofEvidence>['get']>[0] | undefined;
  if (options.cache && !walk.large) {
    const info = (await docker.info()) as { ID?: string; Name?: string };
    cacheKey = {
      dockerfileText: options.text,
      rules,
      contextDigest: contextDigest(context, walk.files),
      engine: `${options.engineName ?? ''}|${info.ID ?? info.Name ?? ''}`,
      smokeCommand: options.smokeCommand,
      fixedText: options.fix ? full.text : undefined,
    };
    const hit = options.cache.get(cacheKey);
    if (hit) return { ...hit, fromCache: true };
  }

  const variants: {
    name: VariantEvidence['name'];
    claim: Claim;
    text: string;
    applied: Record<string, number>;
    createFiles: { path: string; content: string }[];
  }[] = [];
  const fullIsSafe = full.text === safeOnly.text && full.createFiles.length === safeOnly.createFiles.length;
  variants.push({
    name: 'fixed',
    claim: fullIsSafe ? 'safe' : 'changes-build',
    text: full.text,
    applied: full.applied,
    createFiles: full.createFiles,
  });
  if (!fullIsSafe && safeOnly.text !== options.text)
    variants.push({ name: 'safe-only', claim: 'safe', text: safeOnly.text, applied: safeOnly.applied, createFiles: safeOnly.createFiles });
  const notes: string[] = [];
  for (const f of full.createFiles)
    notes.push(
      `the fix creates ${f.path}; the proof builds with it as <Dockerfile>.dockerignore (BuildKit reads that; the classic builder does not) and writes nothing into your folder`,
    );

  const tags: string[] = [];
  try {
    progress('building the Dockerfile as it is');
    const originalTag = tagFor(options.text, 'original');
    const log: string[] = [];
    const original = await buildImage(
      { dockerfile: options.dockerfile, context, tag: originalTag, signal: options.signal, onLog: (l) => log.push(l) },
      docker,
      options.build,
    );
    if (!original.ok)
      throw new ProofError(
        original.cancelled
          ? 'cancelled'
          : `the Dockerfile as it is does not build${original.failedLine ? ` (line ${original.failedLine})` : ''}: ${original.message ?? ''}`,
      );
    tags.push(originalTag);
    const originalFigures = await figures(docker, originalTag);
    progress("reading the original image's files and packages");
    const originalFs = await exportFilesystem(docker, originalTag, { keepContent: isPackageDatabase });
    const originalPackages = await packagesOf(docker, originalTag, originalFs);
    const originalConfig = await configOf(docker, originalTag);
    const smokeWords = options.smokeCommand ? splitWords(options.smokeCommand) : undefined;
    const originalSmoke = smokeWords?.length ? await runSmoke(docker, originalTag, smokeWords) : undefined;

    const results: VariantEvidence[] = [];
    for (const variant of variants) {
      progress(`building the Dockerfile ${variant.name === 'fixed' ? 'as fixed' : 'with only its safe fixes'}`);
      const tag = tagFor(variant.text, variant.name);
      const built = await buildText(options, context, variant.text, tag, [], variant.createFiles);
      const evidence: VariantEvidence = {
        name: variant.name,
        claim: variant.claim,
        applied: variant.applied,
        dockerfileText: variant.text,
        built: built.ok,
        claimHolds: false,
        problems: [],
      };
      results.push(evidence);
      if (!built.ok) {
        if (built.cancelled) throw new ProofError('cancelled');
        evidence.buildError = `${built.failedLine ? `line ${built.failedLine}: ` : ''}${built.message ?? ''}`;
        evidence.problems.push(`the ${variant.name} Dockerfile does not build: ${evidence.buildError}`);
        continue;
      }
      tags.push(tag);
      evidence.image = await figures(docker, tag);
      evidence.bytesSaved = originalFigures.sizeBytes - evidence.image.sizeBytes;
      evidence.layersSaved = originalFigures.layers - evidence.image.layers;
      progress(`comparing files and packages (${variant.name})`);
      const fixedFs = await exportFilesystem(docker, tag, { keepContent: isPackageDatabase });
      const fixedPackages = await packagesOf(docker, tag, fixedFs);
      const fixedConfig = await configOf(docker, tag);
      evidence.filesystem = summarizeChanges(originalFs, fixedFs, (p) => SAFE_MAY_DIFFER.some((c) => isUnder(p, c)));
      const packages = diffPackages(originalPackages, fixedPackages);
      evidence.packages = { ...packages, risky: riskyRemovals(packages.removed) };
      evidence.config = configChanges(originalConfig, fixedConfig);
      if (originalSmoke && smokeWords) {
        const fixedSmoke = await runSmoke(docker, tag, smokeWords);
        evidence.smoke = {
          original: originalSmoke,
          fixed: fixedSmoke,
          same: fixedSmoke.exitCode === originalSmoke.exitCode && fixedSmoke.stdout === originalSmoke.stdout,
        };
      }
      if (variant.claim === 'safe') {
        evidence.problems.push(
          ...safeClaimProblems(
            { fs: originalFs, packages: originalPackages, config: originalConfig },
            { fs: fixedFs, packages: fixedPackages, config: fixedConfig },
          ),
        );
        if (evidence.smoke && !evidence.smoke.same) evidence.problems.push('the smoke command prints something else after the fix');
      }
      evidence.claimHolds = evidence.problems.length === 0;
    }

    let cache: CacheEvidence | undefined;
    const fixed = results[0];
    if (fixed.built && Object.keys(full.applied).some((r) => CACHE_RULES.has(r)))
      cache = await checkCacheReuse(options, context, walk.files, full.text);

    const verdict: Verdict = results.some((v) => !v.built)
      ? 'fix-breaks-build'
      : results.some((v) => !v.claimHolds)
        ? 'class-violated'
        : 'as-claimed';
    const evidence: ProofEvidence = {
      ...base,
      notes,
      variants: results,
      cache,
      verdict,
      summary: '',
      original: { ...originalFigures, packageManager: originalPackages?.manager },
    };
    evidence.summary = summaryOf(evidence);
    if (cacheKey) options.cache!.set(cacheKey, evidence);
    return evidence;
  } finally {
    // --no-prune keeps the untagged parents: the classic builder's cache for the next proof or build.
    for (const tag of tags)
      await docker
        .getImage(tag)
        .remove({ force: true, noprune: true })
        .catch(() => undefined);
  }
}
