// `layerwise layers --image REF [--format json|text] [--stage NAME] DOCKERFILE`: the size each instruction of
// the final stage (or --stage) added to the image, from the engine's history; `--image docker://HOST/REPO:TAG`
// reads it from a registry instead ([--platform OS/ARCH] [--insecure], see core/registry). Exit 2 when the engine,
// the registry or the image cannot be read.
import { parseArgs, oneOf, UsageError } from './usage';
import { readWorkspaceText, LIMITS } from '../core/fs/readWorkspaceFile';
import { parseDockerfile } from '../core/model/dockerfileModel';
import { openEngine } from '../core/engine/connection';
import { classifyEngineError } from '../core/engine/engineErrors';
import { ImageNotFoundError } from '../core/engine/history';
import { readLayerReport, type LayerReport } from '../core/engine/layerReport';
import { formatLayerTable } from '../core/engine/layerTable';
import { checkImageReference } from '../core/engine/imageReference';
import { recordedTiming } from '../core/buildRecord/stepTiming';
import { buildxEnvFor, historyTiming, readHistoryRecord } from '../core/buildRecord/buildxHistory';
import * as path from 'node:path';
import { isRegistryReference } from '../core/registry/reference';
import { readRegistryLayerReport } from '../core/registry/registryLayerReport';
import { registryOptions, registryReference } from './registryFlags';

function readDockerfile(file: string): string {
  try {
    return readWorkspaceText(file, LIMITS.dockerfile);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function layersCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['image', 'format', 'stage', 'host', 'platform'], ['insecure']);
  const image = args.flags.get('image')?.at(-1);
  if (!image) throw new UsageError('layers needs --image REF');
  const registryRef = isRegistryReference(image) ? registryReference(image) : undefined;
  if (!registryRef) checkImageReference(image);
  const registry = registryOptions(args.flags, [image]);
  const format = oneOf('format', args.flags.get('format')?.at(-1), ['json', 'text'] as const, 'text');
  if (args.positionals.length !== 1) throw new UsageError('layers needs exactly one DOCKERFILE');
  const file = args.positionals[0];
  const model = parseDockerfile(readDockerfile(file));
  const stageName = args.flags.get('stage')?.at(-1);
  const stage =
    stageName === undefined
      ? model.finalStage
      : model.stages.find((s) => s.name === stageName.toLowerCase() || String(s.index) === stageName);
  if (!stage) throw new UsageError(stageName === undefined ? `${file}: no FROM instruction` : `${file}: no stage "${stageName}"`);

  if (registryRef) {
    let report: LayerReport;
    try {
      report = await readRegistryLayerReport(registryRef, model, { stage, ...registry });
    } catch (error) {
      process.stderr.write(`layerwise: ${(error as Error).message}\n`);
      return 2;
    }
    // No engine, so no build record or BuildKit history to take timings from.
    process.stdout.write(format === 'json' ? JSON.stringify(report.layers, null, 2) + '\n' : formatLayerTable(report, model.lines));
    return 0;
  }

  let engine;
  try {
    engine = openEngine({ hostSetting: args.flags.get('host')?.at(-1) });
  } catch (error) {
    process.stderr.write(`layerwise: ${(error as Error).message}\n`);
    return 2;
  }
  let report: LayerReport;
  try {
    report = await readLayerReport(engine.docker, model, image, { stage });
  } catch (error) {
    const message = error instanceof ImageNotFoundError ? error.message : classifyEngineError(error, engine.endpoint).message;
    process.stderr.write(`layerwise: ${message}\n`);
    return 2;
  }
  if (format === 'json') {
    const dockerfile = path.resolve(file);
    const recorded = recordedTiming(dockerfile, report.image.id);
    // No Layerwise record of this image (built outside it, or rebuilt since): the engine's BuildKit history, if any.
    const fromHistory = report.layers.some(({ line, instruction }) => Object.keys(recorded(line, instruction)).length > 0)
      ? undefined
      : historyTiming(await readHistoryRecord({ dockerfile, model, imageId: report.image.id, env: buildxEnvFor(engine.endpoint) }));
    const timing = fromHistory ?? recorded;
    const rows = report.layers.map(({ line, instruction, sizeBytes, createdBy, matched, ...rest }) => ({
      line,
      instruction,
      sizeBytes,
      createdBy,
      matched,
      ...rest,
      ...timing(line, instruction),
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  } else {
    process.stdout.write(formatLayerTable(report, model.lines));
  }
  return 0;
}
