// `layerwise diff [--format text|json|markdown|sarif] [--dockerfile F] [--max-growth BYTES] [--sarif-threshold BYTES]
//  [--host URL] [--platform OS/ARCH] [--insecure] BASE HEAD`: two images compared line by line of the Dockerfile
// (see core/diff); each is in the engine or, written `docker://HOST/REPO:TAG`, in a registry (see core/registry).
// Exit 1 when the growth exceeds --max-growth or a budget of .layerwise.yaml is broken, 2 on errors.
import * as path from 'node:path';
import { openEngine } from '../core/engine/connection';
import { classifyEngineError } from '../core/engine/engineErrors';
import { checkImageReference } from '../core/engine/imageReference';
import { ImageArchiveError } from '../core/image/archiveError';
import { analyzeImage } from '../core/image/analyzeImage';
import { parseDockerfile } from '../core/model/dockerfileModel';
import { readWorkspaceText, LIMITS } from '../core/fs/readWorkspaceFile';
import { compareImages, type DiffSide } from '../core/diff/compareImages';
import { formatDiffMarkdown, formatDiffText } from '../core/diff/formatDiff';
import { diffSarif } from '../core/diff/diffSarif';
import { parseByteCount } from '../core/budgets/byteSize';
import { budgetProblems, loadBudgets } from './budgetCheck';
import { parseArgs, oneOf, UsageError } from './usage';
import type { ArchiveContents } from '../../../common/image/types';
import { isRegistryReference } from '../core/registry/reference';
import { analyzeRegistryImage } from '../core/registry/analyzeRegistryImage';
import { registryOptions, registryReference } from './registryFlags';

function byteFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bytes = parseByteCount(text);
  if (bytes === undefined) throw new UsageError(`--${name} must be a byte count like 20971520 or 20MB (got "${text}")`);
  return bytes;
}

export async function diffCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['format', 'dockerfile', 'max-growth', 'sarif-threshold', 'host', 'platform'], ['insecure']);
  const one = (name: string) => args.flags.get(name)?.at(-1);
  const format = oneOf('format', one('format'), ['text', 'json', 'markdown', 'sarif'] as const, 'text');
  const maxGrowth = byteFlag('max-growth', one('max-growth'));
  if (args.positionals.length !== 2) throw new UsageError(`diff needs two images, BASE and HEAD (got ${args.positionals.length})`);
  const [baseRef, headRef] = args.positionals;
  for (const ref of [baseRef, headRef])
    if (isRegistryReference(ref)) registryReference(ref);
    else checkImageReference(ref);
  const registry = registryOptions(args.flags, [baseRef, headRef]);
  const dockerfilePath = one('dockerfile') ?? 'Dockerfile';
  let text: string;
  try {
    text = readWorkspaceText(dockerfilePath, LIMITS.dockerfile);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}${one('dockerfile') ? '' : ' (name the Dockerfile with --dockerfile F)'}`);
  }
  const dockerfile = { path: dockerfilePath, text };
  const sarifThreshold = byteFlag('sarif-threshold', one('sarif-threshold')) ?? maxGrowth ?? 0;

  const subject = { dockerfile: dockerfilePath, image: headRef };
  const budgets = loadBudgets(subject);

  // Opened only for an image that is not in a registry: two docker:// images need no engine.
  let engine: ReturnType<typeof openEngine> | undefined;
  const read = async (ref: string): Promise<DiffSide> => {
    let contents: ArchiveContents | undefined;
    if (isRegistryReference(ref)) {
      const options = { dockerfile, ...registry, onContents: (c: ArchiveContents) => (contents = c) };
      const report = await analyzeRegistryImage(registryReference(ref), options);
      return { report, contents: contents! };
    }
    engine ??= openEngine({ hostSetting: one('host') });
    try {
      const report = await analyzeImage(engine.streaming, ref, { dockerfile, onContents: (c) => (contents = c) });
      return { report, contents: contents! };
    } catch (error) {
      throw error instanceof ImageArchiveError ? error : new Error(classifyEngineError(error, engine!.endpoint).message);
    }
  };
  // One after the other: each export is a long stream, and the engine serves them no faster side by side.
  const base = await read(baseRef);
  const head = await read(headRef);
  const diff = compareImages(parseDockerfile(text), base, head, { dockerfile: dockerfilePath });

  const problems: string[] = [];
  if (maxGrowth !== undefined && diff.growthBytes > maxGrowth)
    problems.push(`the image grew by ${diff.growthBytes} bytes, more than --max-growth ${maxGrowth}`);
  problems.push(...budgetProblems(budgets, subject, { report: head.report, growthBytes: diff.growthBytes }));

  const output =
    format === 'json'
      ? JSON.stringify(diff, null, 2) + '\n'
      : format === 'markdown'
        ? formatDiffMarkdown(diff, { problems })
        : format === 'sarif'
          ? JSON.stringify(diffSarif(diff, path.relative(process.cwd(), path.resolve(dockerfilePath)), sarifThreshold), null, 2) + '\n'
          : formatDiffText(diff);
  process.stdout.write(output);
  for (const message of problems) process.stderr.write(`layerwise: ${message}\n`);
  return problems.length ? 1 : 0;
}
