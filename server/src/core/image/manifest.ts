// Finds the image config and the ordered layer paths in a saved archive's metadata, for the classic
// `manifest.json` and for OCI `index.json` (following nested indexes to one platform's manifest).
import type { HistoryEntry, ImageConfigSummary } from '../../../../common/image/types';
import { ImageArchiveError } from './archiveError';

export interface ResolvedManifest {
  configPath: string;
  layerPaths: string[];
  layout: 'docker' | 'oci';
  repoTags: string[];
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ImageArchiveError(`The archive's ${what} is not valid JSON.`);
  }
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex || /[^a-zA-Z0-9]/.test(algorithm + hex))
    throw new ImageArchiveError(`Bad digest "${digest}" in the archive's index.`);
  return `blobs/${algorithm}/${hex}`;
}

const isIndex = (value: Record<string, unknown>) => Array.isArray(value.manifests);

/** Prefers the machine's platform; skips BuildKit attestations (platform unknown/unknown). */
function pickManifest(manifests: Descriptor[], available: (d: Descriptor) => boolean): Descriptor | undefined {
  const usable = manifests.filter((d) => d.digest && d.platform?.os !== 'unknown' && available(d));
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return usable.find((d) => d.platform?.os === 'linux' && d.platform.architecture === arch) ?? usable[0];
}

function resolveOci(jsonFiles: Map<string, string>, resolve: (path: string) => string): ResolvedManifest {
  let current = parseJson(jsonFiles.get('index.json')!, 'index.json') as Record<string, unknown>;
  for (let depth = 0; isIndex(current); depth++) {
    if (depth > 8) throw new ImageArchiveError("The archive's OCI index nests too deeply.");
    const chosen = pickManifest(current.manifests as Descriptor[], (d) => jsonFiles.has(resolve(blobPath(d.digest!))));
    if (!chosen) throw new ImageArchiveError("The archive's OCI index names no image manifest that the archive contains.");
    current = parseJson(jsonFiles.get(resolve(blobPath(chosen.digest!)))!, `manifest ${chosen.digest}`) as Record<string, unknown>;
  }
  const config = current.config as Descriptor | undefined;
  const layers = current.layers as Descriptor[] | undefined;
  if (!config?.digest || !Array.isArray(layers)) throw new ImageArchiveError("The archive's OCI manifest has no config or layers.");
  return { configPath: blobPath(config.digest), layerPaths: layers.map((l) => blobPath(String(l.digest))), layout: 'oci', repoTags: [] };
}

export function resolveManifest(jsonFiles: Map<string, string>, resolve: (path: string) => string): ResolvedManifest {
  const classic = jsonFiles.get('manifest.json');
  const hasOci = jsonFiles.has('index.json');
  if (classic !== undefined) {
    const entries = parseJson(classic, 'manifest.json');
    const first = Array.isArray(entries) ? (entries[0] as Record<string, unknown> | undefined) : undefined;
    if (!first || typeof first.Config !== 'string' || !Array.isArray(first.Layers)) {
      throw new ImageArchiveError("The archive's manifest.json names no image.");
    }
    return {
      configPath: first.Config,
      layerPaths: first.Layers.map(String),
      layout: hasOci ? 'oci' : 'docker',
      repoTags: Array.isArray(first.RepoTags) ? first.RepoTags.map(String) : [],
    };
  }
  if (hasOci) return resolveOci(jsonFiles, resolve);
  throw new ImageArchiveError('The archive is incomplete or not an image archive: it has neither manifest.json nor index.json.');
}

export function parseConfig(text: string): ImageConfigSummary {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of unknown shape; every field is checked before use
  const config = parseJson(text, 'image config') as Record<string, any>;
  const history: HistoryEntry[] = Array.isArray(config.history)
    ? config.history.map((h: Record<string, unknown>) => ({
        createdBy: typeof h.created_by === 'string' ? h.created_by : '',
        created: typeof h.created === 'string' ? h.created : undefined,
        emptyLayer: h.empty_layer === true,
        comment: typeof h.comment === 'string' ? h.comment : undefined,
      }))
    : [];
  const inner = (config.config ?? {}) as Record<string, unknown>;
  const labels: Record<string, string> = {};
  if (inner.Labels && typeof inner.Labels === 'object') {
    for (const [k, v] of Object.entries(inner.Labels as Record<string, unknown>)) labels[k] = String(v);
  }
  return {
    diffIds: Array.isArray(config.rootfs?.diff_ids) ? config.rootfs.diff_ids.map(String) : [],
    history,
    env: Array.isArray(inner.Env) ? inner.Env.map(String) : [],
    labels,
  };
}
