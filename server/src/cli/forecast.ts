// `layerwise forecast [--format json|text] [--build-arg K=V]... [--target STAGE] [--host URL] DOCKERFILE`: which
// steps the next build will run again, and why, against the last build Layerwise recorded of that Dockerfile.
// JSON: [{"line": N, "instruction": "COPY", "rebuild": true, "reason": "src/a.txt changed"}]. Exit 2 when no
// build was recorded. The engine is asked only for base image ids; unreachable, bases count as unchanged.
import * as path from 'node:path';
import { parseArgs, oneOf, UsageError } from './usage';
import { readWorkspaceText, LIMITS } from '../core/fs/readWorkspaceFile';
import { parseDockerfile } from '../core/model/dockerfileModel';
import { openEngine } from '../core/engine/connection';
import { engineImageId } from '../core/buildRecord/recordBuild';
import { forecastDockerfile, NoRecordError } from '../core/buildRecord/forecastDockerfile';
import type { ForecastStep } from '../core/buildRecord/forecast';
import { buildArgsOf } from './build';

export function formatForecast(steps: readonly ForecastStep[], lines: readonly string[]): string {
  return steps
    .map((s) => {
      const verdict = s.rebuild ? `will rebuild: ${s.reason}` : 'cached';
      const text = (lines[s.line - 1] ?? '').trim();
      return `${String(s.line).padStart(4)}  ${verdict.padEnd(40)}  ${text.length > 60 ? text.slice(0, 59) + '…' : text}`;
    })
    .join('\n')
    .concat('\n');
}

export async function forecastCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['format', 'build-arg', 'target', 'host'], []);
  const format = oneOf('format', args.flags.get('format')?.at(-1), ['json', 'text'] as const, 'json');
  if (args.positionals.length !== 1) throw new UsageError('forecast needs exactly one DOCKERFILE');
  const file = path.resolve(args.positionals[0]);
  let text: string;
  try {
    text = readWorkspaceText(file, LIMITS.dockerfile);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const model = parseDockerfile(text);
  let imageId: (ref: string) => Promise<string | undefined> = async () => undefined;
  try {
    imageId = engineImageId(openEngine({ hostSetting: args.flags.get('host')?.at(-1), timeoutMs: 5000 }).docker);
  } catch {
    /* no usable engine configuration: bases count as unchanged */
  }
  const buildArgs = buildArgsOf(args.flags.get('build-arg'));
  try {
    const result = await forecastDockerfile({
      dockerfile: file,
      model,
      buildArgs,
      target: args.flags.get('target')?.at(-1),
      imageId,
    });
    process.stdout.write(format === 'json' ? JSON.stringify(result.steps, null, 2) + '\n' : formatForecast(result.steps, model.lines));
    return 0;
  } catch (error) {
    if (error instanceof NoRecordError) {
      process.stderr.write(`layerwise: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
