// `layerwise analyze [--dockerfile F] [--format json|text|markdown] [--min-efficiency R] [--max-wasted BYTES]
//  [--base-layers N] [--host H] IMAGE` (or `--archive FILE|-` for a saved tar, or `docker://HOST/REPO:TAG` read from a
// registry without an engine, with [--platform OS/ARCH] [--insecure]). Exit 1 when a threshold is broken (dive's CI mode:
// efficiency below the lowest allowed, wasted bytes above the highest), 2 on errors.
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { dockerodeOptions, openEngine, resolveEndpoint, type EngineConnection } from '../core/engine/connection';
import { startImageExport } from '../core/engine/imageExport';
import { classifyEngineError } from '../core/engine/engineErrors';
import { checkImageReference } from '../core/engine/imageReference';
import { ImageArchiveError } from '../core/image/archiveError';
import { parseArgs, oneOf, UsageError } from './usage';
import { readWorkspaceText, LIMITS, kindOf } from '../core/fs/readWorkspaceFile';
import { analyzeImage } from '../core/image/analyzeImage';
import { analyzeImageArchive } from '../core/image/analyzeArchive';
import { formatBytes } from '../../../common/format';
import { formatMarkdown, formatText } from '../../../common/image/textReport';
import { reportJson } from '../../../common/image/reportJson';
import type { AnalyzeProgress, ImageReport } from '../../../common/image/types';
import { budgetProblems, loadBudgets } from './budgetCheck';
import { isRegistryReference, parseRegistryReference } from '../core/registry/reference';
import { parsePlatform } from '../core/registry/readImage';
import { analyzeRegistryImage } from '../core/registry/analyzeRegistryImage';
import { ANALYZE_SWITCHES, ANALYZE_VALUE_FLAGS, exportsOverPlainSocket, takeEarlyExport } from './analyzeEarly';

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `20971520`, `20MB`, `20 MiB`. */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new UsageError(`--max-wasted must be a byte count like 20971520 or 20MB (got "${text}")`);
  return Math.round(Number(match[1]) * unit);
}

function progressPrinter(): ((p: AnalyzeProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    const of = p.totalBytes ? ` of ~${formatBytes(p.totalBytes)}` : '';
    process.stderr.write(`\rlayerwise: read ${formatBytes(p.bytesRead)}${of}\x1b[K`);
  };
}

function readDockerfile(file: string): { path: string; text: string } {
  try {
    return { path: file, text: readWorkspaceText(file, LIMITS.dockerfile) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function openArchive(file: string): Readable {
  if (file === '-') return process.stdin;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new UsageError(`${file}: is a directory`);
    // A pipe is how `<(docker save IMAGE)` arrives, so it is streamed; a device (/dev/zero) would never end.
    if (!stat.isFile() && !stat.isFIFO()) throw new UsageError(`${file}: is ${kindOf(stat)}, not an image archive: not read`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return fs.createReadStream(file);
}

function registryReference(text: string) {
  try {
    return parseRegistryReference(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function registryPlatform(text: string) {
  try {
    return parsePlatform(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function analyzeCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ANALYZE_VALUE_FLAGS, ANALYZE_SWITCHES);
  const one = (name: string) => args.flags.get(name)?.at(-1);
  const format = oneOf('format', one('format'), ['json', 'text', 'markdown'] as const, 'text');
  const minEfficiencyText = one('min-efficiency');
  const minEfficiency = minEfficiencyText === undefined ? undefined : Number(minEfficiencyText);
  if (minEfficiency !== undefined && !(minEfficiency >= 0 && minEfficiency <= 1))
    throw new UsageError(`--min-efficiency must be a number from 0 to 1 (got "${minEfficiencyText}")`);
  const maxWasted = one('max-wasted') === undefined ? undefined : parseByteSize(one('max-wasted')!);
  const baseText = one('base-layers');
  const baseLayerCount = baseText === undefined ? undefined : Number(baseText);
  if (baseLayerCount !== undefined && !(Number.isInteger(baseLayerCount) && baseLayerCount >= 0))
    throw new UsageError(`--base-layers must be a whole number (got "${baseText}")`);
  const archive = one('archive');
  const [image, ...extra] = args.positionals;
  if (extra.length) throw new UsageError(`one image at a time (got ${args.positionals.length})`);
  if (!image && !archive) throw new UsageError('name an IMAGE (or --archive FILE)');
  if (image && archive) throw new UsageError('give an IMAGE or --archive, not both');
  const fromRegistry = image !== undefined && isRegistryReference(image);
  const registryRef = fromRegistry ? registryReference(image) : undefined;
  if (image && !fromRegistry) checkImageReference(image);
  if (!fromRegistry && (one('platform') !== undefined || args.flags.has('insecure')))
    throw new UsageError('--platform and --insecure apply to docker://HOST/REPO:TAG images only');
  const platform = one('platform') === undefined ? undefined : registryPlatform(one('platform')!);
  const dockerfile = one('dockerfile') === undefined ? undefined : readDockerfile(one('dockerfile')!);
  if (dockerfile && archive) throw new UsageError('--dockerfile needs an IMAGE in the engine (its base image is looked up there)');

  const budgetSubject = { dockerfile: dockerfile?.path, image };
  const budgets = loadBudgets(budgetSubject);

  const onProgress = progressPrinter();
  let report: ImageReport;
  try {
    if (archive) {
      report = await analyzeImageArchive(openArchive(archive), { onProgress, baseLayerCount });
    } else if (registryRef) {
      const insecure = args.flags.has('insecure');
      report = await analyzeRegistryImage(registryRef, { onProgress, dockerfile, baseLayerCount, platform, insecure });
    } else {
      // The export request goes out first (usually before this bundle loaded: analyzeEarly.ts), and the engine
      // prepares the archive (seconds, on Docker's classic store) while the engine client loads. Only over a plain
      // socket: TLS and ssh need the client.
      const endpoint = resolveEndpoint({ hostSetting: one('host') });
      const startedExport = exportsOverPlainSocket(endpoint)
        ? (takeEarlyExport(image, endpoint) ?? startImageExport(dockerodeOptions(endpoint), image))
        : undefined;
      let engine: EngineConnection;
      try {
        engine = openEngine({ endpoint });
      } catch (error) {
        startedExport?.giveUp();
        throw error;
      }
      try {
        // The export is one long stream: the connection without a per-call timeout.
        report = await analyzeImage(engine.streaming, image, { onProgress, dockerfile, baseLayerCount, startedExport });
      } catch (error) {
        throw error instanceof ImageArchiveError ? error : new Error(classifyEngineError(error, engine.endpoint).message);
      }
    }
  } finally {
    if (onProgress) process.stderr.write('\r\x1b[K');
  }
  const output =
    format === 'json'
      ? JSON.stringify(reportJson(report), null, 2) + '\n'
      : format === 'markdown'
        ? formatMarkdown(report)
        : formatText(report);
  process.stdout.write(output);

  const broken: string[] = [];
  if (minEfficiency !== undefined && report.efficiency < minEfficiency)
    broken.push(`efficiency ${report.efficiency.toFixed(4)} is below ${minEfficiency}`);
  if (maxWasted !== undefined && report.wastedBytes > maxWasted) broken.push(`${report.wastedBytes} wasted bytes exceed ${maxWasted}`);
  broken.push(...budgetProblems(budgets, budgetSubject, { report }));
  for (const message of broken) process.stderr.write(`layerwise: ${message}\n`);
  return broken.length ? 1 : 0;
}
