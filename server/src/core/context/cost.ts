// What a build context costs, without an engine: per COPY/ADD source how many bytes and files of the walked
// context (walk.ts) it takes, and the walks cached per context for the language server's lenses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DockerfileModel } from '../model/dockerfileModel';
import { copySources, sourceMatcher, type CopySource } from '../engine/copySources';
import { walkContext, type ContextWalk, type ContextWalkOptions } from './walk';

export interface CopySourceCost extends CopySource {
  bytes: number;
  fileCount: number;
  /** Figures are lower bounds: the context walk stopped early. */
  large: boolean;
  /** Sources no file of the context matches (nor an empty folder): the build fails on this instruction. */
  unmatched: string[];
}

/** Per COPY/ADD of the Dockerfile, the context bytes and files its sources take (0 for --from and URLs). */
export function copySourceCosts(model: DockerfileModel, walk: ContextWalk): CopySourceCost[] {
  return copySources(model).flatMap((source): CopySourceCost[] => {
    if (!source.fromContext) return [{ ...source, bytes: 0, fileCount: 0, large: false, unmatched: [] }];
    // A source that cannot be matched costs its own lens only, never the others of the file.
    try {
      const matches = sourceMatcher(source.sources);
      let bytes = 0;
      let fileCount = 0;
      for (const file of walk.files) {
        if (matches(file.path)) {
          bytes += file.bytes;
          fileCount++;
        }
      }
      return [{ ...source, bytes, fileCount, large: walk.large, unmatched: unmatchedSources(source, walk) }];
    } catch {
      return [];
    }
  });
}

/**
 * Sources that match no file of the walk. Only said when it is sure: a complete walk, no variables, and not an
 * existing (empty) folder, which COPY accepts.
 */
function unmatchedSources(source: CopySource, walk: ContextWalk): string[] {
  if (walk.large || source.unresolved) return [];
  return source.sources.filter((pattern) => {
    const matches = sourceMatcher([pattern]);
    if (walk.files.some((file) => matches(file.path))) return false;
    const literal = !/[*?[\\]/.test(pattern);
    const inside = path.resolve(walk.root, pattern.replace(/^\/+/, ''));
    return !(literal && isFolder(inside) && (inside + path.sep).startsWith(path.resolve(walk.root) + path.sep));
  });
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
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
    if (root === undefined) {
      this.walks.clear();
      return;
    }
    const prefix = `${path.resolve(root)}\0`;
    for (const key of [...this.walks.keys()]) if (key.startsWith(prefix)) this.walks.delete(key);
  }
}
