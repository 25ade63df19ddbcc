// Files one Dockerfile line wrote in the base image against the same line in the head image: what was added,
// removed, grew or shrank, largest change first. Works on the layers' entry lists (never file contents).
import type { LayerScan } from '../../../../common/image/types';

export interface FileChange {
  /** Absolute path in the image. */
  path: string;
  change: 'added' | 'removed' | 'grown' | 'shrunk';
  baseBytes: number | null;
  headBytes: number | null;
  growthBytes: number;
}

export interface FileChanges {
  /** Largest |growth| first, at most `limit`; ties by path so the order never depends on the tar order. */
  files: FileChange[];
  /** All changed files, listed or not. */
  changedCount: number;
}

/** Regular files the layers wrote, path → bytes; an upper layer's copy replaces a lower one's. */
function filesOf(layers: readonly LayerScan[]): Map<string, number> {
  const files = new Map<string, number>();
  for (const layer of layers) for (const entry of layer.entries) if (entry.kind === 'file') files.set(entry.path, entry.size);
  return files;
}

export function compareFiles(base: readonly LayerScan[], head: readonly LayerScan[], limit = 10): FileChanges {
  const before = filesOf(base);
  const after = filesOf(head);
  const changes: FileChange[] = [];
  for (const [path, headBytes] of after) {
    const baseBytes = before.get(path);
    if (baseBytes === undefined) changes.push({ path: '/' + path, change: 'added', baseBytes: null, headBytes, growthBytes: headBytes });
    else if (baseBytes !== headBytes)
      changes.push({
        path: '/' + path,
        change: headBytes > baseBytes ? 'grown' : 'shrunk',
        baseBytes,
        headBytes,
        growthBytes: headBytes - baseBytes,
      });
  }
  for (const [path, baseBytes] of before)
    if (!after.has(path)) changes.push({ path: '/' + path, change: 'removed', baseBytes, headBytes: null, growthBytes: -baseBytes });
  changes.sort((a, b) => Math.abs(b.growthBytes) - Math.abs(a.growthBytes) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: changes.slice(0, limit), changedCount: changes.length };
}
