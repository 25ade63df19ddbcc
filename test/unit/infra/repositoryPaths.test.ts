// A clone of the repository is all a contributor has: no test, bench or script may read a path outside it (the
// shared folder beside it, a home directory, a machine's own paths) or assume where the engine and tools live
// (the engine comes from DOCKER_HOST and the product's resolution, the clients from PATH: test/helpers/dockerCli.ts,
// test/harness/browser.ts, scripts/lib/common.sh).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../../harness/paths';

const SCANNED = ['test', 'bench', 'scripts'];
/** Data, not code: Dockerfiles and their expectations name paths inside containers (`/root/.cache`…). */
const NOT_SCANNED = ['test/corpus', 'test/fixtures', 'test/vscode/workspace', 'test/artifacts'];
const CODE = new Set(['.ts', '.js', '.mjs', '.cjs', '.sh']);

interface Forbidden {
  what: string;
  pattern: RegExp;
  /** In shell scripts, where words are not quoted. */
  shellPattern?: RegExp;
}

const MACHINE_ROOTS = String.raw`\/(work|root|home\/[\w.-]+|Users\/[\w.-]+|mnt\/[a-z])(\/|['"\x60]|$)`;

const FORBIDDEN: Forbidden[] = [
  { what: 'the shared folder beside the repository', pattern: /\.\.\/shared\b|\bshared\/corpus\b/ },
  // At the start of a string: '/work/…', "/home/me/…" — not `target=/root/.cache` inside Dockerfile text, a path
  // in a container. In a shell script also at the start of a word: DIR=/root/…, cd /work/….
  {
    what: 'an absolute machine path',
    pattern: new RegExp(String.raw`(^|['"\x60])` + MACHINE_ROOTS),
    shellPattern: new RegExp(String.raw`(^|['"\x60\s=:])` + MACHINE_ROOTS),
  },
  {
    what: 'a fixed engine socket or tool location (resolve it: DOCKER_HOST, PATH, a setting)',
    pattern: /\/(var\/)?run\/docker\.sock|\/usr\/(local\/)?bin\/(docker|chromium|chromium-browser|google-chrome)\b|\/snap\/bin\/chromium/,
  },
];

/** Files allowed to name one of the above, each with why. */
const ALLOWED: { file: string; what: Forbidden['what']; reason: string }[] = [
  { file: 'test/unit/infra/repositoryPaths.test.ts', what: FORBIDDEN[0].what, reason: 'the patterns themselves' },
  { file: 'test/unit/infra/repositoryPaths.test.ts', what: FORBIDDEN[1].what, reason: 'the patterns themselves' },
  { file: 'test/unit/infra/repositoryPaths.test.ts', what: FORBIDDEN[2].what, reason: 'the patterns themselves' },
  {
    file: 'test/unit/engine/connection.test.ts',
    what: FORBIDDEN[2].what,
    reason: 'checks that the product falls back to the default socket (with an injected fileExists; no engine is reached)',
  },
  { file: 'test/unit/image/secrets.test.ts', what: FORBIDDEN[1].what, reason: 'file paths inside an image archive built in memory' },
  {
    file: 'test/unit/proof/proofParts.test.ts',
    what: FORBIDDEN[1].what,
    reason: "paths in an image's filesystem (a cache folder under /root), compared in memory",
  },
  {
    file: 'test/unit/model/syntax.test.ts',
    what: FORBIDDEN[1].what,
    reason: 'a RUN --mount target parsed from Dockerfile text (a path in a container)',
  },
  {
    file: 'test/unit/shell/shell.test.ts',
    what: FORBIDDEN[1].what,
    reason: 'a RUN --mount target parsed from Dockerfile text (a path in a container)',
  },
];

function codeFiles(dir: string): string[] {
  const rel = relative(REPO_ROOT, dir).split(sep).join('/');
  if (NOT_SCANNED.includes(rel)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return entry.isFile() && CODE.has(extname(entry.name)) ? [relative(REPO_ROOT, path).split(sep).join('/')] : [];
  });
}

/**
 * A relative path climbing above the repository: more `../` in one string than the file's folder is deep, plus
 * one for the compiled copy under out/ (`path.resolve(__dirname, '../../../shared')` from test/unit).
 */
function climbsOut(file: string, line: string): boolean {
  const depth = file.split('/').length - 1;
  for (const match of line.matchAll(/['"`]((?:\.\.\/)+)/g)) {
    if (match[1].length / 3 > depth + 1) return true;
  }
  return false;
}

interface Violation {
  file: string;
  line: number;
  what: string;
  text: string;
}

function names(forbidden: Forbidden, file: string, line: string): boolean {
  return ((file.endsWith('.sh') && forbidden.shellPattern) || forbidden.pattern).test(line);
}

function violations(file: string): Violation[] {
  const found: Violation[] = [];
  readFileSync(join(REPO_ROOT, file), 'utf8')
    .split('\n')
    .forEach((text, i) => {
      for (const forbidden of FORBIDDEN) {
        if (names(forbidden, file, text) && !ALLOWED.some((a) => a.file === file && a.what === forbidden.what))
          found.push({ file, line: i + 1, what: forbidden.what, text: text.trim() });
      }
      if (climbsOut(file, text)) found.push({ file, line: i + 1, what: 'a relative path above the repository', text: text.trim() });
    });
  return found;
}

describe('paths in tests, benches and scripts', () => {
  it('name nothing outside the repository and no fixed engine or tool location', () => {
    const files = SCANNED.flatMap((dir) => codeFiles(join(REPO_ROOT, dir)));
    assert.ok(files.length > 50, `only ${files.length} files found under ${SCANNED.join(', ')}`);
    const found = files.flatMap(violations).map((v) => `${v.file}:${v.line}: ${v.what}: ${v.text.slice(0, 160)}`);
    assert.deepEqual(found, []);
  });

  it('would catch each kind of path (the patterns are live)', () => {
    const probe = (file: string, line: string) => FORBIDDEN.some((forbidden) => names(forbidden, file, line)) || climbsOut(file, line);
    assert.ok(probe('test/unit/a.test.ts', "const CORPUS = path.resolve(__dirname, '../../../shared/corpus/dockerfiles');"));
    assert.ok(probe('test/unit/size/corpusFiles.ts', "export const CORPUS = '/work/shared/corpus/dockerfiles';"));
    assert.ok(probe('test/unit/a.test.ts', "const home = '/home/alice/src';"));
    assert.ok(probe('scripts/x.sh', 'CACHE=/root/.cache/layerwise'));
    assert.ok(probe('test/engine/a.test.ts', "execFileSync('/usr/bin/docker', ['build', '.']);"));
    assert.ok(probe('test/ui/a.test.ts', "['-s', '--unix-socket', '/var/run/docker.sock', url]"));
    assert.ok(probe('bench/a.bench.ts', "join(__dirname, '../../../x')"));
    // Paths inside containers and within the repository pass.
    assert.ok(!probe('test/unit/a.test.ts', "'FROM a\\nRUN --mount=type=cache,target=/root/.cache make\\n'"));
    assert.ok(!probe('test/unit/a/b.test.ts', "path.resolve(__dirname, '../../../test/corpus')"));
    assert.ok(!probe('scripts/x.sh', 'ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"'));
  });
});
