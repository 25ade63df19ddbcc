// Build records on disk, in the user's cache folder (never in the workspace): one JSON file per Dockerfile path
// and image id, plus the latest build of each Dockerfile, which the forecast compares against.
//   $LAYERWISE_CACHE_DIR, else $XDG_CACHE_HOME/layerwise, else ~/.cache/layerwise (macOS ~/Library/Caches,
//   Windows %LOCALAPPDATA%) — then builds/<hash of the Dockerfile path>/.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Builder, StepInputs } from './stepInputs';

export interface StepRecord extends StepInputs {
  /** Wall time of the step in the build, in seconds; undefined when the output did not say. */
  seconds?: number;
  /** Reused from the builder's cache (undefined for FROM, which neither builder reports). */
  cached?: boolean;
  /** Not reused where the previous recorded build was: the first input that changed. */
  rebuiltBecause?: string;
}

export interface BuildRecord {
  version: 1;
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  context: string;
  imageId: string;
  tag?: string;
  builder: Builder;
  target?: string;
  buildArgs: Record<string, string>;
  finishedAt: string;
  /** Wall time of the whole build, in seconds. */
  seconds: number;
  steps: StepRecord[];
}

export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAYERWISE_CACHE_DIR) return env.LAYERWISE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'layerwise');
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'layerwise');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'layerwise');
  return path.join(home, '.cache', 'layerwise');
}

function folderFor(dockerfile: string, env: NodeJS.ProcessEnv): string {
  const key = createHash('sha256').update(path.resolve(dockerfile)).digest('hex').slice(0, 24);
  return path.join(cacheFolder(env), 'builds', key);
}

const idFile = (imageId: string) => `${imageId.replace(/^sha256:/, '').replace(/[^0-9a-zA-Z]/g, '')}.json`;

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

function readJson(file: string): BuildRecord | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as BuildRecord;
    return value && value.version === 1 && Array.isArray(value.steps) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function writeRecord(record: BuildRecord, env: NodeJS.ProcessEnv = process.env): void {
  const folder = folderFor(record.dockerfile, env);
  const text = JSON.stringify(record);
  writeAtomically(path.join(folder, idFile(record.imageId)), text);
  writeAtomically(path.join(folder, 'latest.json'), text);
}

/** The record of the build that made `imageId` from this Dockerfile, if Layerwise ran it. */
export function readRecord(dockerfile: string, imageId: string, env: NodeJS.ProcessEnv = process.env): BuildRecord | undefined {
  return readJson(path.join(folderFor(dockerfile, env), idFile(imageId)));
}

/** The last recorded build of this Dockerfile. */
export function latestRecord(dockerfile: string, env: NodeJS.ProcessEnv = process.env): BuildRecord | undefined {
  return readJson(path.join(folderFor(dockerfile, env), 'latest.json'));
}
