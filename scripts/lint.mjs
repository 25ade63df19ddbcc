#!/usr/bin/env node
// `npm run lint`: ESLint, then Prettier's check, each remembering in the user's cache folder ($LAYERWISE_CACHE,
// else ~/.cache/layerwise) what passed, by content, so that a fresh clone (CI's case) does not lint everything
// again (~45 s of CPU on 2 cores). Both tools' own caches are keyed by absolute path (and ESLint names its cache
// file after the working directory; Prettier hashes the file's path into its options), so:
// - ESLint's cache is kept with the checkout's path replaced by a placeholder, and put back under this checkout's
//   path for the run (its entries still hold each file's content hash and config hash, as before);
// - Prettier checks only files whose content is not on the record of files it passed under the same Prettier
//   version and configuration.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = process.env.LAYERWISE_CACHE || path.join(os.homedir(), '.cache', 'layerwise');
const PLACEHOLDER = '<layerwise-checkout>';
const PRETTIER_GLOB = '**/*.{ts,js,mjs,cjs}';
const PRETTIER_PATTERNS = ['*.ts', '*.js', '*.mjs', '*.cjs'];

/** `text` inside a JSON string, as the caches store paths. */
const inJson = (text) => JSON.stringify(text).slice(1, -1);

/** A working copy of the kept cache `name` under this checkout's path; `keep()` stores it back, path-free. */
function portableCache(name) {
  const kept = path.join(cacheDir, `${name}.json`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `layerwise-${name}-`));
  const file = path.join(work, 'cache');
  const here = inJson(root + path.sep);
  const placeholder = inJson(PLACEHOLDER + path.sep);
  try {
    fs.writeFileSync(file, fs.readFileSync(kept, 'utf8').split(placeholder).join(here));
  } catch {
    // No cache yet (or unreadable): the tool starts one.
  }
  return {
    file,
    keep() {
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        const next = `${kept}.${process.pid}`;
        fs.writeFileSync(next, fs.readFileSync(file, 'utf8').split(here).join(placeholder));
        fs.renameSync(next, kept); // atomic: another checkout linting at the same time reads a whole file
      } catch {
        // A read-only cache folder costs a full lint next time, nothing more.
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
  };
}

function run(tool, args) {
  const bin = path.join(root, 'node_modules', '.bin', tool);
  return spawnSync(bin, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

const eslintCache = portableCache('eslint-cache');
const eslint = run('eslint', ['--cache', '--cache-strategy', 'content', '--cache-location', eslintCache.file, '.']);
eslintCache.keep();
if (eslint !== 0) process.exit(eslint);

process.exit(checkFormatting());

/** Prettier's check of the files not known to be formatted; the record grows only when the check passes. */
function checkFormatting() {
  const files = lintedFiles();
  if (files === undefined) return run('prettier', ['--check', PRETTIER_GLOB]); // not a git checkout: no record
  const sha = (data) => createHash('sha256').update(data).digest('hex');
  const config = ['package.json', '.prettierrc.json', '.prettierignore'].map((f) => readOrEmpty(f));
  const key = sha(JSON.stringify([prettierVersion(), ...config]));
  const recordFile = path.join(cacheDir, 'prettier-formatted.json');
  let known = new Set();
  try {
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
    if (record.key === key) known = new Set(record.formatted);
  } catch {
    // No record yet.
  }
  const hashes = new Map(files.map((file) => [file, sha(fs.readFileSync(path.join(root, file)))]));
  const unknown = files.filter((file) => !known.has(hashes.get(file)));
  if (unknown.length === 0) {
    console.log(`Prettier: ${files.length} files unchanged since they last passed.`);
    return 0;
  }
  // Files named on the command line still go through .prettierignore.
  const status = run('prettier', ['--check', ...unknown]);
  if (status === 0) {
    // Every file passed now: the record is this checkout's contents (it does not grow with every version ever seen).
    known = new Set(hashes.values());
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const next = `${recordFile}.${process.pid}`;
      fs.writeFileSync(next, JSON.stringify({ key, formatted: [...known] }));
      fs.renameSync(next, recordFile);
    } catch {
      // A read-only cache folder: the next run checks everything again.
    }
  }
  return status;
}

/** The files PRETTIER_GLOB names, tracked or untracked but not ignored, from git; undefined outside a checkout. */
function lintedFiles() {
  try {
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...PRETTIER_PATTERNS], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    });
    return [...new Set(listed.split('\0').filter(Boolean))].filter((file) => fs.existsSync(path.join(root, file))).sort();
  } catch {
    return undefined;
  }
}

function prettierVersion() {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'prettier', 'package.json'), 'utf8')).version;
}

function readOrEmpty(file) {
  try {
    return fs.readFileSync(path.join(root, file), 'utf8');
  } catch {
    return '';
  }
}
