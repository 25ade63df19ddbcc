// What a build context costs, without an engine: per COPY/ADD source how many bytes and files of the walked
// context (walk.ts) it takes, and the walks cached per context for the language server's lenses.
import * as path from 'node:path';
import type { DockerfileModel } from '../model/dockerfileModel';
import { copySources, sourceMatcher, type CopySource } from '../engine/copySources';
import { walkContext, type ContextWalk, type ContextWalkOptions } from './walk';

export interface CopySourceCost extends CopySource {
  bytes: number;
  fileCount: number;
  /** Figures are lower bounds: the context walk stopped early. */
  large: boolean;
}

/** Per COPY/ADD of the Dockerfile, the context bytes and files its sources take (0 for --from and URLs). */
export function copySourceCosts(model: DockerfileModel, walk: ContextWalk): CopySourceCost[] {
  return copySources(model).flatMap((source): CopySourceCost[] => {
    if (!source.fromContext) return [{ ...source, bytes: 0, fileCount: 0, large: false }];
    // A source that cannot be matched costs its own lens only, never the others of the file.
    try {
      const matches = sourceMatcher(source.sources);
      let bytes = 0;
      let fileCount = 0;
      for (const file of walk.files) {
        if (matches(file.path)) { bytes += file.bytes; fileCount++; }
      }
      return [{ ...source, bytes, fileCount, large: walk.large }];
    } catch {
      return [];
    }
  });
}

/** Walks cached per context folder; `invalidate` after a file watcher fires (debounced by the caller). */
export class ContextSizeCache {
  private readonly walks = new Map<string, Promise<ContextWalk>>();
  constructor(private readonly options: Omit<ContextWalkOptions, 'dockerfile'> = {}) {}

  get(root: string, dockerfile?: string): Promise<ContextWalk> {
    const key = `${path.resolve(root)}\0${dockerfile ?? ''}`;
    let walk = this.walks.get(key);
    if (!walk) {
      walk = walkContext(root, { ...this.options, dockerfile });
      walk.catch(() => this.walks.delete(key));
      this.walks.set(key, walk);
    }
    return walk;
  }

  /** Forget one context folder (every Dockerfile using it), or everything. */
  invalidate(root?: string): void {
    if (root === undefined) { this.walks.clear(); return; }
    const prefix = `${path.resolve(root)}\0`;
    for (const key of [...this.walks.keys()]) if (key.startsWith(prefix)) this.walks.delete(key);
  }
}
