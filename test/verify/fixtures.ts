// Buildable fixtures under test/fixtures/build/<name>/: a Dockerfile, tiny app files and fixture.json,
// which says what the fix must achieve and what it may change. fixture.json is not part of the context.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Builder } from './dockerCli';

export const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures/build');
export const BASES_DIR = path.join(FIXTURES_DIR, '_bases');
export const SPEC_FILE = 'fixture.json';

export interface CacheCheck {
  /** Application source file (context-relative) that gets a line appended before the rebuild. */
  edit: string;
  /** The line appended (a comment in the file's language); a nonce makes every run's edit new to the cache. */
  append: string;
  /** Regular expression matching the dependency-install step's instruction text in the build log. */
  step: string;
}

export interface FixtureSpec {
  description: string;
  builder: Builder;
  /** Apply only these rules' fixes (to prove one fix that another would otherwise make unnecessary). */
  onlyRules?: string[];
  /** Rule ids whose fixes must be applied to this Dockerfile (others may be applied too and are recorded). */
  fixes: string[];
  /** Rule ids that must report here without a fix (a finding the harness documents but cannot prove). */
  reportsWithoutFix?: string[];
  removable?: string[];
  /**
   * The fix installs fewer Debian packages (--no-install-recommends): the files dpkg says the packages
   * missing from the fixed image own, and dpkg's bookkeeping, may go. The packages are listed in the log.
   */
  packagesMayGo?: boolean;
  keep?: string[];
  mayAdd?: string[];
  /** A cache fix may grow the image a little (duplicated manifests); by at most this, and why. */
  maxGrowth?: { bytes: number; why: string };
  /** The fixed image must be at least this much smaller (size fixes). */
  minSavedBytes?: number;
  /** Config fields the fix is expected to change, with the reason. */
  configMayDiffer?: Record<string, string>;
  /** Command to run instead of the image's own (for images whose command is a server). */
  run?: string[];
  /**
   * Registry images a fix introduces (e.g. a distroless runtime stage) that cannot be pulled here,
   * replaced in the fixed Dockerfile by local stand-ins before building.
   */
  substitute?: Record<string, string>;
  cacheCheck?: CacheCheck;
}

export interface Fixture {
  name: string;
  dir: string;
  dockerfile: string;
  spec: FixtureSpec;
}

export function loadFixtures(only?: readonly string[]): Fixture[] {
  return fs
    .readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && (!only?.length || only.includes(d.name)))
    .map((d) => {
      const dir = path.join(FIXTURES_DIR, d.name);
      const spec = JSON.parse(fs.readFileSync(path.join(dir, SPEC_FILE), 'utf8')) as FixtureSpec;
      return { name: d.name, dir, dockerfile: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), spec };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Copies a fixture into a fresh build context (without fixture.json), optionally with another Dockerfile. */
export function makeContext(
  fixture: Fixture,
  into: string,
  dockerfile: string,
  extraFiles: { path: string; content: string }[] = [],
): string {
  fs.cpSync(fixture.dir, into, { recursive: true, preserveTimestamps: true, filter: (src) => path.basename(src) !== SPEC_FILE });
  fs.writeFileSync(path.join(into, 'Dockerfile'), dockerfile);
  for (const f of extraFiles) fs.writeFileSync(path.join(into, f.path), f.content);
  return into;
}

/** Local base images the fixtures build FROM, built once from _bases/<name>/Dockerfile and kept. */
export const LOCAL_BASES: Record<string, string> = {
  'layerwise-test/node:bookworm': 'node',
  'layerwise-test/python:bookworm': 'python',
  'layerwise-test/golang:bookworm': 'golang',
  'layerwise-test/rust:bookworm': 'rust',
  'layerwise-test/gradle:bookworm': 'gradle',
};
