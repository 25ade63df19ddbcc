// The small helpers of scripts/test-all.sh and scripts/setup-test-env.sh, run as the scripts run them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { REPO_ROOT } from '../../harness/paths';

const LIB = join(REPO_ROOT, 'scripts', 'lib');

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

describe('test infrastructure scripts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-infra-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('mocha-summary-reporter', () => {
    const SPEC = `describe('s', () => { it('a', () => {}); it('b', () => {}); it('c', () => { throw new Error('x'); }); it.skip('d', () => {}); });`;
    function run(ci: string): { status: number | null; stdout: string; summary: { passed: number; failed: number; pending: number } } {
      write(dir, { 'sample.test.js': SPEC });
      const summary = join(dir, 'summary.json');
      const result = spawnSync(
        process.execPath,
        [
          join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
          '--no-config',
          '--reporter',
          join(LIB, 'mocha-summary-reporter.cjs'),
          join(dir, 'sample.test.js'),
        ],
        { env: { ...process.env, LAYERWISE_SUMMARY: summary, CI: ci }, encoding: 'utf8' },
      );
      return { status: result.status, stdout: result.stdout, summary: JSON.parse(readFileSync(summary, 'utf8')) };
    }

    it('writes the counts, and keeps the spec output', () => {
      const { status, stdout, summary } = run('');
      assert.equal(status, 1);
      assert.match(stdout, /2 passing[\s\S]*1 pending[\s\S]*1 failing/);
      assert.deepEqual(summary, { passed: 2, failed: 1, pending: 1 });
    });

    it('counts a test that did not run as failed when CI=true', () => {
      assert.deepEqual(run('true').summary, { passed: 2, failed: 2, pending: 1 });
    });
  });

  describe('prune-stale-out', () => {
    it('removes compiled files whose source is gone, and nothing else', () => {
      write(dir, {
        'test/a.test.ts': '',
        'out/test/a.test.js': '',
        'out/test/a.test.js.map': '',
        'out/test/gone.test.js': '',
        'out/test/gone.test.js.map': '',
        'out/test/data.json': '{}',
      });
      const result = spawnSync(process.execPath, [join(LIB, 'prune-stale-out.cjs'), dir], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /removed 2 compiled file/);
      assert.deepEqual(
        ['a.test.js', 'a.test.js.map', 'gone.test.js', 'gone.test.js.map', 'data.json'].map((f) => existsSync(join(dir, 'out', 'test', f))),
        [true, true, false, false, true],
      );
    });
  });

  describe('node-modules-current', () => {
    const lock = (version: string) =>
      JSON.stringify({ packages: { '': {}, 'node_modules/x': { version }, 'node_modules/opt': { version: '1.0.0', optional: true } } });
    const check = () => spawnSync(process.execPath, [join(LIB, 'node-modules-current.cjs'), dir], { encoding: 'utf8' });

    it('accepts node_modules installed from the same lockfile (skipped optional packages included)', () => {
      write(dir, {
        'package-lock.json': lock('1.2.3'),
        'node_modules/.package-lock.json': JSON.stringify({ packages: { 'node_modules/x': { version: '1.2.3' } } }),
      });
      assert.equal(check().status, 0);
    });

    it('asks for npm ci when a version differs or node_modules is missing, saying which', () => {
      write(dir, {
        'package-lock.json': lock('1.2.4'),
        'node_modules/.package-lock.json': JSON.stringify({ packages: { 'node_modules/x': { version: '1.2.3' } } }),
      });
      const stale = check();
      assert.equal(stale.status, 1);
      assert.match(stale.stderr, /node_modules\/x: want 1\.2\.4, have 1\.2\.3/);
      rmSync(join(dir, 'node_modules'), { recursive: true });
      assert.match(check().stderr, /node_modules is missing/);
    });
  });
  describe('debian_mirror (apt-mirror.sh)', () => {
    // The sources are fed through LAYERWISE_APT_DIR; mirror hosts are placeholders (the repository names no real one).
    function mirror(files: Record<string, string>): { status: number | null; stdout: string } {
      write(dir, files);
      const result = spawnSync('bash', ['-c', `source "${join(LIB, 'apt-mirror.sh')}" && debian_mirror`], {
        env: { ...process.env, LAYERWISE_APT_DIR: dir },
        encoding: 'utf8',
      });
      return { status: result.status, stdout: result.stdout.trim() };
    }

    it('reads a deb822 .sources file, skipping deb-src, disabled stanzas and the security archive', () => {
      const sources = [
        'Types: deb-src',
        'URIs: http://src.mirror.example/debian',
        'Suites: bookworm',
        'Components: main',
        '',
        'Types: deb',
        'URIs: http://off.mirror.example/debian',
        'Suites: bookworm',
        'Components: main',
        'Enabled: no',
        '',
        'Types: deb',
        'URIs: http://mirror.example/debian-security',
        'Suites: bookworm-security',
        'Components: main',
        '',
        '# a comment',
        'Types: deb',
        '# http://snapshot.example/archive',
        'URIs: http://mirror.example/debian/',
        'Suites: bookworm bookworm-updates',
        'Components: main contrib',
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
        '',
      ].join('\n');
      assert.deepEqual(mirror({ 'sources.list.d/debian.sources': sources }), { status: 0, stdout: 'http://mirror.example/debian' });
    });

    it('reads one-line sources.list entries, options in brackets included', () => {
      const list = [
        '# deb http://commented.mirror.example/debian bookworm main',
        'deb-src http://src.mirror.example/debian bookworm main',
        'deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://list.mirror.example/debian bookworm main non-free-firmware',
      ].join('\n');
      assert.deepEqual(mirror({ 'sources.list': list }), { status: 0, stdout: 'http://list.mirror.example/debian' });
    });

    it('prefers a bookworm source over another Debian release, and ignores suites that are not Debian', () => {
      write(dir, {
        'sources.list.d/other.list':
          'deb http://ubuntu.mirror.example/ubuntu jammy main\ndeb http://trixie.mirror.example/debian trixie main\n',
      });
      assert.equal(mirror({}).stdout, 'http://trixie.mirror.example/debian');
      assert.equal(
        mirror({
          'sources.list.d/debian.sources': 'Types: deb\nURIs: https://bookworm.mirror.example/debian\nSuites: bookworm\nComponents: main\n',
        }).stdout,
        'https://bookworm.mirror.example/debian',
      );
    });

    it('fails when no source serves Debian main', () => {
      assert.equal(
        mirror({
          'sources.list': 'deb http://mirror.example/debian bookworm contrib\n',
          'sources.list.d/x.list': 'deb http://mirror.example/ubuntu jammy main\n',
        }).status,
        1,
      );
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      assert.equal(mirror({}).status, 1);
    });

    it('debian_rootfs_tarball stops with a message naming DEBIAN_MIRROR when there is no mirror', () => {
      const script = `source "${join(LIB, 'common.sh')}"; source "${join(LIB, 'apt-mirror.sh')}"; source "${join(LIB, 'base-images.sh')}"; debian_rootfs_tarball "${join(dir, 'cache')}"`;
      const result = spawnSync('bash', ['-c', script], {
        env: { ...process.env, LAYERWISE_APT_DIR: dir, DEBIAN_MIRROR: '' },
        encoding: 'utf8',
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /no apt source serving Debian main[\s\S]*set DEBIAN_MIRROR/);
    });
  });

  describe('docker_cli (common.sh)', () => {
    // Stand-in clients on a PATH of their own: they only answer `--version` and `buildx version` (no engine involved).
    function fakeClient(folder: string, version: string, buildx: boolean): void {
      const script = `#!/bin/sh\ncase "$1" in\n  --version) echo "Docker version ${version}, build x";;\n  buildx) ${buildx ? 'echo "github.com/docker/buildx v0.20.0"' : 'echo "docker: unknown command: docker buildx" >&2; exit 1'};;\n  *) echo "${folder} $*";;\nesac\n`;
      write(dir, { [`${folder}/docker`]: script });
      chmodSync(join(dir, folder, 'docker'), 0o755);
    }
    function resolved(folders: string[], env: NodeJS.ProcessEnv = {}): string {
      const path = [...folders.map((f) => join(dir, f)), process.env.PATH ?? ''].join(delimiter);
      const result = spawnSync('bash', ['-c', `source "${join(LIB, 'common.sh')}" && PATH="${path}" docker_cli run`], {
        env: { ...process.env, LAYERWISE_DOCKER: '', ...env },
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim();
    }

    it('takes the first client on PATH with buildx, else one older than 23, and honours LAYERWISE_DOCKER', () => {
      fakeClient('new', '28.2.2', false);
      fakeClient('old', '20.10.24+dfsg1', false);
      fakeClient('plugin', '27.5.1', true);
      assert.equal(resolved(['new', 'old', 'plugin']), 'plugin run');
      assert.equal(resolved(['new', 'old']), 'old run');
      assert.equal(resolved(['new', 'old'], { LAYERWISE_DOCKER: join(dir, 'new', 'docker') }), 'new run');
    });
  });
  describe('registry and mirror hosts', () => {
    // Hosts the scripts could fetch from, and registries docs might show. The mirror comes from the machine's apt
    // sources, examples use the placeholder registry.example. Docker Hub's `docker.io` (also a Debian package) is allowed.
    const HOSTS =
      /\b(deb|security|snapshot|ftp[.\w]*)\.debian\.org|archive\.ubuntu\.com|ports\.ubuntu\.com|registry\.npmjs\.org|registry\.yarnpkg\.com|npmmirror\.com|pypi\.org|pythonhosted\.org|proxy\.golang\.org|crates\.io|rubygems\.org|maven\.org|dl-cdn\.alpinelinux\.org|registry-1\.docker\.io|index\.docker\.io|hub\.docker\.com|download\.docker\.com|ghcr\.io|quay\.io|gcr\.io|pkg\.dev|mcr\.microsoft\.com|public\.ecr\.aws|open-vsx\.org|marketplace\.visualstudio\.com|nodesource\.com|nodejs\.org\/dist/i;
    // The runtime images use-multi-stage writes into its fix: the docs must quote what the product does.
    const QUOTED_FIX_OUTPUT = /gcr\.io\/distroless\/(static|cc)-debian12/g;

    it('scripts/, docs/ and the README name none', () => {
      const listed = spawnSync('git', ['ls-files', '-z', '--', 'scripts', 'docs', 'README.md', '.ci'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      assert.equal(listed.status, 0, listed.stderr);
      const files = listed.stdout.split('\0').filter((f) => f && !/\.(png|jpe?g|gif|ico)$/.test(f));
      assert.ok(
        files.some((f) => f.startsWith('scripts/')) && files.some((f) => f.startsWith('docs/')),
        'git ls-files listed no scripts/docs',
      );
      const hits = files.flatMap((file) =>
        readFileSync(join(REPO_ROOT, file), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${file}:${i + 1}`, line: line.replace(QUOTED_FIX_OUTPUT, '') }))
          .filter(({ line }) => HOSTS.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
      assert.deepEqual(hits, []);
    });

    it('the host list catches a mirror written into a script', () => {
      // The host is put together here so that this file does not name it either.
      const mirrorHost = ['deb', 'debian', 'org'].join('.');
      assert.ok(HOSTS.test(`DEBIAN_MIRROR="\${DEBIAN_MIRROR:-http://${mirrorHost}/debian}"`));
      assert.ok(!HOSTS.test('trustedRegistries: [docker.io, trusted.registry.example]'));
    });
  });
  describe('setup-test-env.sh install_system_packages', () => {
    // Sourced with the probes and apt-get replaced by shell functions: what it would install, nothing installed.
    function install(
      answers: boolean,
      mode: 'auto' | 'yes' | 'no',
      desktop = false,
    ): { status: number | null; installed: string; stdout: string } {
      const log = join(dir, 'apt.log');
      writeFileSync(log, '');
      const script = [
        `source "${join(REPO_ROOT, 'scripts', 'setup-test-env.sh')}"`,
        "missing_packages() { printf 'chromium\\ndocker.io\\n'; }",
        `engine_answers() { return ${answers ? 0 : 1}; }`,
        `engine_is_docker_desktop() { return ${desktop ? 0 : 1}; }`,
        `apt-get() { [[ $1 == install ]] && echo "$*" >> "${log}"; return 0; }`,
        `SYSTEM_PACKAGES=${mode}`,
        'install_system_packages',
      ].join('\n');
      const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      return { status: result.status, installed: readFileSync(log, 'utf8').trim(), stdout: result.stdout + result.stderr };
    }
    const root = process.getuid?.() === 0;

    it('never installs docker.io when an engine answers, and nothing system-wide on a laptop engine unless run as root', () => {
      const auto = install(true, 'auto');
      if (root) assert.match(auto.installed, /^install .*\bchromium$/);
      else assert.equal(auto.installed, '');
      assert.doesNotMatch(auto.installed, /docker\.io/);
      assert.doesNotMatch(install(true, 'yes').installed, /docker\.io/);
    });

    it('installs nothing with LAYERWISE_SYSTEM_PACKAGES=no or on Docker Desktop, and says so', () => {
      for (const run of [install(true, 'no'), install(false, 'no'), install(true, 'auto', true)]) {
        assert.equal(run.status, 0, run.stdout);
        assert.equal(run.installed, '');
        assert.match(run.stdout, /not installing \(chromium/);
      }
    });

    it('installs docker.io when no engine answers (as root; else it stops asking for sudo)', () => {
      const run = install(false, 'auto');
      if (root) assert.match(run.installed, /^install .*\bchromium docker\.io$/);
      else assert.match(run.stdout, /missing Debian packages \(chromium docker\.io\): run this script with sudo/);
    });
  });
});
