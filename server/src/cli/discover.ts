// Turns `lint` / `fix` arguments into files: a file is taken as named; a directory is searched for Dockerfiles and
// Containerfiles by name; a quoted glob (`'services/**/Dockerfile*'`) is matched against the files under its
// fixed leading directories. Searches skip what `.gitignore` files exclude (those of the searched tree and of its
// parent folders up to the repository's root), folders a `.dockerignore` leaves out of its build context (a
// Dockerfile it names is still found: builders read it anyway), `.git` and `node_modules`. The order is stable:
// arguments in order, the files of one argument sorted by path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { findIgnoreFile } from '../core/context/ignoreFile';
import { contextMatcher, type ContextMatcher } from '../core/context/matcher';
import { readWorkspaceText, LIMITS } from '../core/fs/readWorkspaceFile';

/** The names the editor treats as Dockerfiles (package.json `languages`), but not `Dockerfile.dockerignore`. */
export function isDockerfileName(name: string): boolean {
  if (/\.(docker|container)ignore$/i.test(name)) return false;
  return /^(docker|container)file(\..+)?$/i.test(name) || /\.(docker|container)file$/i.test(name);
}

const GLOB_CHARS = /[*?[]/;
const NEVER_SEARCHED = new Set(['.git', 'node_modules']);

/** One `.gitignore`'s rules, read relative to the folder it sits in. */
interface GitignoreLevel {
  dir: string;
  rules: Ignore;
}

/** One `.dockerignore`, with Docker's matching (core/context/matcher.ts). */
interface DockerignoreLevel {
  dir: string;
  matcher: ContextMatcher;
}

const slashed = (from: string, to: string) => path.relative(from, to).split(path.sep).join('/');

function gitignoreLevel(dir: string): GitignoreLevel | undefined {
  const file = path.join(dir, '.gitignore');
  if (!fs.existsSync(file)) return undefined;
  try {
    // Read like every file Layerwise opens: a FIFO or a huge file is refused, not waited for.
    return { dir, rules: ignore().add(readWorkspaceText(file, LIMITS.config)) };
  } catch {
    return undefined;
  }
}

function dockerignoreLevel(dir: string): DockerignoreLevel | undefined {
  const found = findIgnoreFile(dir);
  return found && found.patterns.length > 0 ? { dir, matcher: contextMatcher(found.patterns) } : undefined;
}

/** Whether the `.gitignore`s (outermost first) exclude `file`; a deeper one can take back an outer exclusion. */
function gitExcluded(levels: readonly GitignoreLevel[], file: string, isDir: boolean): boolean {
  let out = false;
  for (const { dir, rules } of levels) {
    const relative = slashed(dir, file);
    if (!relative || relative.startsWith('..')) continue;
    const verdict = rules.test(isDir ? `${relative}/` : relative);
    if (verdict.ignored) out = true;
    else if (verdict.unignored) out = false;
  }
  return out;
}

/** A folder a `.dockerignore` above it leaves out of its build context (and that no `!` line reaches into). */
function dockerExcluded(levels: readonly DockerignoreLevel[], dir: string): boolean {
  return levels.some((level) => {
    const relative = slashed(level.dir, dir);
    return level.matcher.ignores(relative) && !level.matcher.mayReinclude(relative);
  });
}

/** `.gitignore` files of the folders above `dir`, up to the repository's root (the folder holding `.git`). */
function outerGitignores(dir: string): GitignoreLevel[] {
  const levels: GitignoreLevel[] = [];
  for (let at = path.dirname(dir); at !== path.dirname(at); at = path.dirname(at)) {
    const level = gitignoreLevel(at);
    if (level) levels.unshift(level);
    if (fs.existsSync(path.join(at, '.git'))) return levels;
  }
  return []; // not inside a repository: the folders above say nothing about this one
}

/**
 * Files under `root` that `accept` takes (given their path relative to `root`, `/`-separated), in path order.
 * `maxDepth` limits how many folders down a glob without `**` reaches.
 */
function walk(root: string, accept: (relative: string) => boolean, maxDepth = Infinity): string[] {
  const found: string[] = [];
  const absoluteRoot = path.resolve(root);
  const outer = fs.existsSync(path.join(absoluteRoot, '.git')) ? [] : outerGitignores(absoluteRoot);
  const visit = (dir: string, relative: string, depth: number, gits: GitignoreLevel[], dockers: DockerignoreLevel[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // an unreadable folder is skipped, as git and docker skip it
    }
    const gitLevel = gitignoreLevel(dir);
    const dockerLevel = dockerignoreLevel(dir);
    if (gitLevel) gits = [...gits, gitLevel];
    if (dockerLevel) dockers = [...dockers, dockerLevel];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      // Symbolic links are not followed into folders (no cycles); a link to a file counts as a file.
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          isFile = fs.statSync(full).isFile();
        } catch {
          continue;
        }
      }
      if (entry.isDirectory()) {
        if (NEVER_SEARCHED.has(entry.name) || depth >= maxDepth) continue;
        if (gitExcluded(gits, full, true) || dockerExcluded(dockers, full)) continue;
        visit(full, rel, depth + 1, gits, dockers);
      } else if (isFile && !gitExcluded(gits, full, false) && accept(rel)) {
        found.push(path.join(root, rel));
      }
    }
  };
  visit(root, '', 0, outer, []);
  return found;
}

/** A glob's fixed leading folders and the rest: `services/*\/Dockerfile` → `services`, `*\/Dockerfile`. */
function splitGlob(pattern: string): { base: string; rest: string } {
  const parts = pattern.split('/');
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const baseParts = parts.slice(0, firstGlob);
  const base = baseParts.join('/') || (pattern.startsWith('/') ? '/' : '.');
  return { base, rest: parts.slice(firstGlob).join('/') };
}

function globFiles(pattern: string): string[] {
  const { base, rest } = splitGlob(pattern.split(path.sep).join('/'));
  // gitignore syntax is glob syntax for these purposes (`*`, `?`, `[…]`, `**`); anchored at the base folder.
  const matcher = ignore().add(`/${rest}`);
  const depth = rest.includes('**') ? Infinity : rest.split('/').length - 1;
  return walk(base, (relative) => matcher.ignores(relative), depth).map((f) => (base === '.' ? path.relative('.', f) : f));
}

/**
 * The files the arguments name, in order and without repeats. `-` (standard input) stays as it is. A directory or a
 * glob that finds nothing is reported through `onError`; so is a name that is neither a file, a folder nor a glob
 * (left in the list, so the reader reports it as it always has).
 */
export function expandInputs(args: readonly string[], onError: (message: string) => void): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = file === '-' ? '-' : path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    let stat: fs.Stats | undefined;
    try {
      stat = arg === '-' ? undefined : fs.statSync(arg);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = walk(arg, (relative) => isDockerfileName(path.posix.basename(relative)));
      if (found.length === 0) onError(`${arg}: no Dockerfile or Containerfile in this folder`);
      found.forEach(add);
    } else if (!stat && arg !== '-' && GLOB_CHARS.test(arg)) {
      const found = globFiles(arg);
      if (found.length === 0) onError(`${arg}: no file matches`);
      found.forEach(add);
    } else {
      add(arg);
    }
  }
  return files;
}
