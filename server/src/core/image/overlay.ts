// Stacks layer entry lists the way overlayfs does and accounts for every stored byte exactly once: either
// it is visible in the final filesystem, or it was hidden (deleted or overwritten) by exactly one later
// layer — the first that hid it. A hard link shares its target's content, so it adds no bytes and the
// content stays visible while any of its names does.
import type { LayerEntry, LayerReport, WastedFile } from '../../../../common/image/types';

interface Content {
  size: number;
  layer: number;
  path: string;
  names: number;
}
interface FileNode {
  dir: false;
  content: Content;
  kind: LayerEntry['kind'];
}
interface DirNode {
  dir: true;
  children: Map<string, Node>;
}
type Node = FileNode | DirNode;

/** The figures of a layer the overlay computes (the report adds history, lines and the base flag). */
export type LayerStats = Pick<
  LayerReport,
  'sizeBytes' | 'addedBytes' | 'modifiedBytes' | 'removedBytes' | 'fileCount' | 'wastedBytes' | 'hidesBytes'
>;

/** One stored copy that the final filesystem does not show (the report adds the Dockerfile lines). */
export type HiddenCopy = Omit<WastedFile, 'addedLine' | 'hiddenLine'>;

export interface VisibleFile {
  path: string;
  bytes: number;
  layer: number;
}

const newDir = (): DirNode => ({ dir: true, children: new Map() });

export class Overlay {
  private readonly root = newDir();
  readonly layers: LayerStats[] = [];
  readonly hidden: HiddenCopy[] = [];
  /**
   * The directory the last entry went into: a tar lists a directory's entries together, so most entries find their
   * parent here without walking the path. Forgotten whenever a node is hidden (that may detach it from the tree).
   */
  private lastParent: { path: string; node: DirNode } | undefined;

  /** Applies one layer on top of the ones before. Whiteouts act on lower layers only, whatever their order in the tar. */
  apply(entries: readonly LayerEntry[]): LayerStats {
    const index = this.layers.length;
    const stats: LayerStats = {
      sizeBytes: 0,
      addedBytes: 0,
      modifiedBytes: 0,
      removedBytes: 0,
      fileCount: 0,
      wastedBytes: 0,
      hidesBytes: 0,
    };
    this.layers.push(stats);
    for (const entry of entries) {
      if (entry.kind === 'opaque') {
        const node = this.lookup(entry.path);
        if (node?.dir) {
          for (const [name, child] of node.children) this.hide(child, join(entry.path, name), index, 'deleted');
          node.children.clear();
        }
      } else if (entry.kind === 'whiteout') {
        const parent = this.lookup(parentOf(entry.path));
        const name = nameOf(entry.path);
        const child = parent?.dir ? parent.children.get(name) : undefined;
        if (parent?.dir && child) {
          this.hide(child, entry.path, index, 'deleted');
          parent.children.delete(name);
        }
      }
    }
    for (const entry of entries) {
      if (entry.kind === 'opaque' || entry.kind === 'whiteout') continue;
      const parent = this.parentDir(parentOf(entry.path), index);
      const name = nameOf(entry.path);
      const existing = parent.children.get(name);
      if (entry.kind === 'dir') {
        if (existing && !existing.dir) {
          this.hide(existing, entry.path, index, 'overwritten');
          parent.children.set(name, newDir());
        } else if (!existing) parent.children.set(name, newDir());
        continue;
      }
      stats.fileCount++;
      stats.sizeBytes += entry.size;
      let content: Content;
      if (entry.kind === 'hardlink') {
        const target = this.lookup(entry.target ?? '');
        // A link that replaces the directory holding its own target finds nothing to link to (as tar would).
        const replacesTarget = existing?.dir && (entry.target ?? '').startsWith(`${entry.path}/`);
        content = target && !target.dir && !replacesTarget ? target.content : { size: 0, layer: index, path: entry.path, names: 0 };
        if (existing && !existing.dir && existing.content === content) continue;
      } else {
        content = { size: entry.size, layer: index, path: entry.path, names: 0 };
      }
      if (existing) {
        this.hide(existing, entry.path, index, 'overwritten');
        stats.modifiedBytes += entry.size;
      } else {
        stats.addedBytes += entry.size;
      }
      content.names++;
      parent.children.set(name, { dir: false, content, kind: entry.kind });
    }
    return stats;
  }

  /** The final filesystem's files, each content once (at the first name met), and directory totals. */
  visible(): {
    files: VisibleFile[];
    directories: { path: string; bytes: number; files: number }[];
    visibleBytes: number;
    fileCount: number;
  } {
    const files: VisibleFile[] = [];
    const directories: { path: string; bytes: number; files: number }[] = [];
    const seen = new Set<Content>();
    const walk = (dir: DirNode, path: string): { bytes: number; files: number } => {
      let bytes = 0;
      let count = 0;
      for (const [name, child] of dir.children) {
        if (child.dir) {
          const sub = walk(child, join(path, name));
          bytes += sub.bytes;
          count += sub.files;
        } else {
          count++;
          if (!seen.has(child.content)) {
            seen.add(child.content);
            bytes += child.content.size;
            // (Empty files are most of many images' entries: no path string for them.)
            if (child.content.size > 0) files.push({ path: '/' + join(path, name), bytes: child.content.size, layer: child.content.layer });
          }
        }
      }
      if (path) directories.push({ path: '/' + path, bytes, files: count });
      return { bytes, files: count };
    };
    const total = walk(this.root, '');
    return { files, directories, visibleBytes: total.bytes, fileCount: total.files };
  }

  /** The layer whose copy of `path` is visible, or undefined when nothing is visible there. */
  visibleLayerOf(path: string): number | undefined {
    const node = this.lookup(path);
    return node && !node.dir ? node.content.layer : undefined;
  }

  private lookup(path: string): Node | undefined {
    let node: Node = this.root;
    if (path === '') return node;
    for (const part of path.split('/')) {
      if (!node.dir) return undefined;
      const next: Node | undefined = node.children.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /** ensureDir, remembering the answer for the next entry in the same directory. */
  private parentDir(path: string, layer: number): DirNode {
    const last = this.lastParent;
    if (last && last.path === path) return last.node;
    const node = this.ensureDir(path, layer);
    this.lastParent = { path, node };
    return node;
  }

  /** Creates missing parents; a file standing where a directory is needed is hidden by it. */
  private ensureDir(path: string, layer: number): DirNode {
    let node: DirNode = this.root;
    if (path === '') return node;
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const next = node.children.get(parts[i]);
      if (next?.dir) {
        node = next;
        continue;
      }
      if (next) {
        // (The path of a hidden file, only then: every entry passes here.)
        let current = '';
        for (let k = 0; k <= i; k++) current = join(current, parts[k]);
        this.hide(next, current, layer, 'overwritten');
      }
      const created = newDir();
      node.children.set(parts[i], created);
      node = created;
    }
    return node;
  }

  /** Drops one name (or a whole subtree); content that loses its last name becomes waste of `layer`. */
  private hide(node: Node, path: string, layer: number, how: 'deleted' | 'overwritten'): void {
    this.lastParent = undefined;
    if (node.dir) {
      for (const [name, child] of node.children) this.hide(child, join(path, name), layer, how);
      return;
    }
    const content = node.content;
    content.names--;
    if (content.names > 0 || content.size === 0) return;
    this.hidden.push({ path: '/' + content.path, bytes: content.size, addedInLayer: content.layer, hiddenInLayer: layer, how });
    this.layers[content.layer].wastedBytes += content.size;
    const stats = this.layers[layer];
    stats.hidesBytes += content.size;
    if (how === 'deleted') stats.removedBytes += content.size;
  }
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}
function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
