// "Prove this fix" on the real engine (issue 13): the Dockerfile is built as it is and as fixed, and the proof
// says what the fix changes. The CLI runs find the BuildKit-capable client (test/helpers/dockerCli) first on
// PATH; the in-process proofs build with the first docker on PATH and the classic builder (DOCKER_BUILDKIT=0
// works with every client, buildx or not). The Debian mirror is reachable from builds.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { dockerCli } from '../helpers/dockerCli';
import { engines, requireBase } from './engineMatrix';
import { findDockerCli } from '../../server/src/core/engine/build';
import { proveFix, type ProofEvidence } from '../../server/src/core/proof/proveFix';
import { allRules } from '../../server/src/core/rules/index';
import type { Rule } from '../../server/src/core/rules/rule';
import { initShellParser } from '../../server/src/core/shell/index';

const CLI = path.resolve(__dirname, '../../server/src/cli/main.js');
const classic = { ...process.env, DOCKER_BUILDKIT: '0' };

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proof-test-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Makes one rule's fixes claim to be safe for the duration of `run` (a deliberately mislabelled fix). */
async function mislabelled<T>(ruleId: string, run: () => Promise<T>): Promise<T> {
  const rule = allRules.find((r) => r.meta.id === ruleId) as Rule;
  const check = rule.check;
  rule.check = (model, context) => check(model, context).map((r) => ({ ...r, fixes: r.fixes?.map((f) => ({ ...f, safe: true })) }));
  try {
    return await run();
  } finally {
    rule.check = check;
  }
}

describe('engine: layerwise fix --prove', function () {
  this.timeout(900_000);
  let debian: string;
  let busybox: string;
  let cacheHome: string;
  const dirs: string[] = [];
  const env = () => ({
    ...process.env,
    PATH: `${path.dirname(dockerCli())}${path.delimiter}${process.env.PATH ?? ''}`,
    DOCKER_BUILDKIT: '1',
    XDG_CACHE_HOME: cacheHome,
  });

  before(async () => {
    await initShellParser();
    debian = await requireBaseImage('debian');
    busybox = await requireBaseImage('busybox');
    assert.ok(findDockerCli(), "no docker client on PATH: the proof builds with the user's docker CLI");
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proof-cache-'));
    dirs.push(cacheHome);
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('apt-get install -y curl on bookworm', () => {
    let dir: string;
    before(() => {
      dir = folder({ Dockerfile: `FROM ${debian}\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "--version"]\n` });
      dirs.push(dir);
    });

    it('--no-install-recommends removes ca-certificates, named as risky; the fix says it changes the build, so exit 0', async () => {
      const result = await cli(
        ['fix', '--prove', '--rule', 'apt-install-recommends', '--format', 'json', path.join(dir, 'Dockerfile')],
        env(),
      );
      assert.equal(result.code, 0, result.stderr);
      const evidence = JSON.parse(result.stdout) as ProofEvidence;
      assert.equal(evidence.verdict, 'as-claimed');
      const [fixed] = evidence.variants;
      assert.equal(fixed.claim, 'changes-build');
      assert.deepEqual(fixed.applied, { 'apt-install-recommends': 1 });
      assert.ok(fixed.packages!.removed.includes('ca-certificates'), `removed: ${fixed.packages!.removed.join(' ')}`);
      assert.ok(fixed.packages!.risky.some((r) => r.name === 'ca-certificates' && /HTTPS/.test(r.why)));
      assert.ok(fixed.bytesSaved! > 0, 'fewer packages, fewer bytes');
      assert.ok(fixed.filesystem!.removed > 0);
      assert.ok(
        fixed.filesystem!.folders.some(
          (f) => (f.kind === 'removed' && f.folder.startsWith('/etc/ssl')) || f.folder.startsWith('/usr/share'),
        ),
      );

      const text = await cli(['fix', '--prove', '--rule', 'apt-install-recommends', path.join(dir, 'Dockerfile')], env());
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /RISK: removes ca-certificates: .*HTTPS/);
      assert.match(text.stdout, /from the proof cache/, 'the second request is answered from the proof cache');
    });

    it('the same fix, mislabelled safe in-process, is caught: packages and files changed', async () => {
      const evidence = await mislabelled('apt-install-recommends', async () =>
        proveFix({
          docker: await requireEngine(),
          dockerfile: path.join(dir, 'Dockerfile'),
          text: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
          onlyRules: ['apt-install-recommends'],
          build: { env: classic },
        }),
      );
      assert.equal(evidence.verdict, 'class-violated');
      const [fixed] = evidence.variants;
      assert.equal(fixed.claim, 'safe');
      assert.equal(fixed.claimHolds, false);
      assert.ok(
        fixed.problems.some((p) => /packages no longer installed: .*ca-certificates/.test(p)),
        fixed.problems.join('\n'),
      );
      assert.ok(
        fixed.problems.some((p) => /^missing after the fix: \/etc\/ssl\/certs/.test(p)),
        fixed.problems.join('\n'),
      );
    });

    it('removing the apt lists (safe) proves identical files and packages, exit 0', async () => {
      const result = await cli(
        ['fix', '--prove', '--rule', 'apt-lists-not-removed', '--format', 'json', '--no-proof-cache', path.join(dir, 'Dockerfile')],
        env(),
      );
      assert.equal(result.code, 0, result.stderr);
      const evidence = JSON.parse(result.stdout) as ProofEvidence;
      assert.equal(evidence.verdict, 'as-claimed');
      const [fixed] = evidence.variants;
      assert.equal(fixed.claim, 'safe');
      assert.deepEqual(fixed.problems, []);
      assert.deepEqual([fixed.filesystem!.added, fixed.filesystem!.removed, fixed.filesystem!.changed], [0, 0, 0]);
      assert.ok(fixed.filesystem!.ignored > 0, 'the lists are the only difference');
      assert.equal(fixed.packages!.manager, 'dpkg');
      assert.deepEqual([fixed.packages!.added, fixed.packages!.removed], [[], []]);
      assert.ok(fixed.bytesSaved! > 1_000_000, `saved ${fixed.bytesSaved}`);
    });
  });

  it('a busybox cleanup fold (safe) proves identical files; the smoke command runs in both', async () => {
    const dir = folder({
      Dockerfile: `FROM ${busybox}\nRUN mkdir -p /junk && head -c 300000 /dev/zero > /junk/big && echo hi > /hello\nRUN rm -rf /junk\nCMD ["cat", "/hello"]\n`,
    });
    dirs.push(dir);
    const result = await cli(
      [
        'fix',
        '--prove',
        '--rule',
        'cleanup-in-later-layer',
        '--format',
        'json',
        '--no-proof-cache',
        '--smoke-command',
        'cat /hello',
        path.join(dir, 'Dockerfile'),
      ],
      env(),
    );
    assert.equal(result.code, 0, result.stderr);
    const evidence = JSON.parse(result.stdout) as ProofEvidence;
    assert.equal(evidence.verdict, 'as-claimed');
    const [fixed] = evidence.variants;
    assert.equal(fixed.claim, 'safe');
    assert.ok(fixed.applied['cleanup-in-later-layer'], JSON.stringify(fixed.applied));
    assert.deepEqual([fixed.filesystem!.added, fixed.filesystem!.removed, fixed.filesystem!.changed], [0, 0, 0]);
    assert.ok(fixed.bytesSaved! >= 300_000, `saved ${fixed.bytesSaved}`);
    assert.equal(fixed.smoke?.same, true);
    assert.equal(fixed.smoke?.original.stdout, 'hi\n');
  });

  it('copy-before-deps: after a source-only edit the fixed Dockerfile reuses the install step, the original re-runs it', async () => {
    // A stand-in `npm` (busybox has none, and no registry is reachable): the rule sees `npm ci` after `COPY . .`.
    const dir = folder({
      Dockerfile: `FROM ${busybox}\nRUN printf '#!/bin/sh\\necho installed > /installed\\n' > /bin/npm && chmod +x /bin/npm\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["cat", "/installed"]\n`,
      'package.json': '{"name":"a","version":"1.0.0"}\n',
      'package-lock.json': '{"lockfileVersion":3}\n',
      'index.js': 'console.log(1)\n',
    });
    dirs.push(dir);
    const result = await cli(
      ['fix', '--prove', '--rule', 'copy-before-deps', '--format', 'json', '--no-proof-cache', path.join(dir, 'Dockerfile')],
      env(),
    );
    assert.equal(result.code, 0, result.stderr);
    const evidence = JSON.parse(result.stdout) as ProofEvidence;
    assert.equal(evidence.variants[0].claim, 'changes-build');
    assert.equal(evidence.cache?.sourceFile, 'index.js');
    assert.deepEqual(
      evidence.cache?.steps.find((s) => s.step === 'RUN npm ci'),
      { step: 'RUN npm ci', original: false, fixed: true },
    );
    assert.equal(evidence.cache?.holds, true);
  });

  it('exits 2 for usage errors, and when the Dockerfile as it is does not build', async () => {
    assert.equal((await cli(['fix', '--prove', '--format', 'yaml', 'Dockerfile'], env())).code, 2);
    assert.equal((await cli(['fix', '--prove', '-'], env())).code, 2);
    const dir = folder({ Dockerfile: `FROM ${busybox}\nRUN false\nRUN echo a\nRUN echo b\n` });
    dirs.push(dir);
    const result = await cli(['fix', '--prove', path.join(dir, 'Dockerfile')], env());
    assert.equal(result.code, 2, result.stdout);
    assert.match(result.stderr, /does not build/);
  });
});

// The same proof against Docker 28 with the containerd image store (issue 13 asks for it there too). The layer is
// random bytes, so packed and unpacked sizes agree and the saving is the same on either store.
for (const engine of engines().filter((e) => e.name === 'docker28'))
  describe(`[${engine.name}] engine: layerwise fix --prove`, function () {
    this.timeout(600_000);
    const dirs: string[] = [];
    let dir: string;
    let cacheHome: string;
    before(async function () {
      const busybox = await requireBase(engine, 'busybox', this);
      dir = folder({ Dockerfile: `FROM ${busybox}\nRUN head -c 5000000 /dev/urandom > /junk && echo made\nRUN rm /junk\n` });
      cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-proof-cache-'));
      dirs.push(dir, cacheHome);
    });
    after(() => {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    it('proves the folded cleanup safe and measures what it saves on this engine', async () => {
      const result = await cli(['fix', '--prove', '--rule', 'cleanup-in-later-layer', '--format', 'json', path.join(dir, 'Dockerfile')], {
        ...engine.env,
        PATH: `${path.dirname(dockerCli())}${path.delimiter}${process.env.PATH ?? ''}`,
        DOCKER_BUILDKIT: '1',
        XDG_CACHE_HOME: cacheHome,
      });
      assert.equal(result.code, 0, result.stderr);
      const evidence = JSON.parse(result.stdout) as ProofEvidence;
      assert.equal(evidence.verdict, 'as-claimed');
      const [fixed] = evidence.variants;
      assert.equal(fixed.claim, 'safe');
      assert.equal(fixed.claimHolds, true);
      assert.deepEqual(fixed.applied, { 'cleanup-in-later-layer': 1 });
      assert.ok(fixed.bytesSaved! >= 4_000_000, `saved ${fixed.bytesSaved} bytes`);
    });
  });
