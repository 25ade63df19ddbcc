// How the tests find the docker client, the engine and Chromium on a contributor's machine (test/helpers/dockerCli.ts,
// test/harness/browser.ts), checked with stand-in executables on a PATH of their own; and that the shell scripts'
// docker_cli (scripts/lib/common.sh) picks the same client.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromiumPath } from '../../harness/browser';
import { REPO_ROOT } from '../../harness/paths';
import { curlEngineArgs, dockerHostUrl, engineSocketPath, findDockerCli } from '../../helpers/dockerCli';
import { screenshotFolder } from '../../ui/screenshots';

describe('test tools on PATH and the engine from DOCKER_HOST', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-tools-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function executable(folder: string, name: string, script: string): string {
    mkdirSync(join(dir, folder), { recursive: true });
    const file = join(dir, folder, name);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  /** A docker client that answers `--version` and `buildx version` only; no engine involved. */
  function fakeDocker(folder: string, version: string, buildx: boolean): string {
    return executable(
      folder,
      'docker',
      `case "$1" in\n  --version) echo "Docker version ${version}, build x";;\n  buildx) ${buildx ? 'echo "buildx v0.20.0"' : 'exit 1'};;\n  *) echo "${folder} $*";;\nesac`,
    );
  }

  const onPath = (...folders: string[]) => folders.map((f) => join(dir, f)).join(delimiter);

  describe('docker client', () => {
    it('is the first on PATH with buildx, else the first older than 23, else LAYERWISE_DOCKER', () => {
      fakeDocker('new', '28.2.2', false);
      const old = fakeDocker('old', '20.10.24+dfsg1', false);
      const plugin = fakeDocker('plugin', '27.5.1', true);
      assert.equal(findDockerCli({ PATH: onPath('new', 'old', 'plugin') }), plugin);
      assert.equal(findDockerCli({ PATH: onPath('new', 'old') }), old);
      assert.equal(findDockerCli({ PATH: onPath('new', 'old'), LAYERWISE_DOCKER: '/opt/docker' }), '/opt/docker');
    });

    it('fails saying what to do when no client can build with BuildKit, or there is none', () => {
      fakeDocker('new', '28.2.2', false);
      assert.throws(() => findDockerCli({ PATH: onPath('new') }), /can build with BuildKit[\s\S]*LAYERWISE_DOCKER/);
      assert.throws(() => findDockerCli({ PATH: onPath('empty') }), /No `docker` client on PATH[\s\S]*LAYERWISE_DOCKER/);
    });

    it('is the one the shell scripts use (docker_cli in scripts/lib/common.sh)', () => {
      fakeDocker('new', '28.2.2', false);
      fakeDocker('old', '20.10.24+dfsg1', false);
      fakeDocker('plugin', '27.5.1', true);
      for (const folders of [
        ['new', 'old', 'plugin'],
        ['new', 'old'],
        ['plugin', 'old'],
      ]) {
        const path = [onPath(...folders), process.env.PATH ?? ''].join(delimiter);
        const shell = spawnSync(
          'bash',
          ['-c', `source "${join(REPO_ROOT, 'scripts', 'lib', 'common.sh')}" && resolve_docker_cli && echo "$DOCKER_CLI"`],
          { env: { ...process.env, PATH: path, LAYERWISE_DOCKER: '', DOCKER_CLI: '' }, encoding: 'utf8' },
        );
        assert.equal(shell.status, 0, shell.stderr);
        assert.equal(shell.stdout.trim(), findDockerCli({ ...process.env, PATH: path, LAYERWISE_DOCKER: '' }), folders.join(', '));
      }
    });
  });

  describe('engine', () => {
    const saved: Record<string, string | undefined> = {};
    const VARS = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS'];
    beforeEach(() => {
      for (const name of VARS) saved[name] = process.env[name];
    });
    afterEach(() => {
      for (const name of VARS) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    it('is DOCKER_HOST when set: a unix socket through --unix-socket, tcp:// as an http URL', () => {
      process.env.DOCKER_HOST = `unix://${join(dir, 'engine.sock')}`;
      assert.equal(dockerHostUrl(), process.env.DOCKER_HOST);
      assert.equal(engineSocketPath(), join(dir, 'engine.sock'));
      assert.deepEqual(curlEngineArgs('/images/a%3A1/history'), [
        '-s',
        '--unix-socket',
        join(dir, 'engine.sock'),
        'http://localhost/images/a%3A1/history',
      ]);
      process.env.DOCKER_HOST = 'tcp://engine.example:2375';
      assert.equal(engineSocketPath(), undefined);
      assert.deepEqual(curlEngineArgs('version'), ['-s', 'http://engine.example:2375/version']);
    });

    it('over TLS hands curl the certificates of DOCKER_CERT_PATH', () => {
      for (const name of ['ca', 'cert', 'key']) writeFileSync(join(dir, `${name}.pem`), `${name} material`);
      Object.assign(process.env, { DOCKER_HOST: 'tcp://engine.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
      const args = curlEngineArgs('/_ping');
      assert.equal(args.at(-1), 'https://engine.example:2376/_ping');
      for (const [flag, name] of [
        ['--cacert', 'ca'],
        ['--cert', 'cert'],
        ['--key', 'key'],
      ]) {
        const file = args[args.indexOf(flag) + 1];
        assert.equal(readFileSync(file, 'utf8'), `${name} material`, flag);
      }
      assert.ok(!args.includes('--insecure'));
    });

    it('refuses an engine curl cannot reach, naming it', () => {
      process.env.DOCKER_HOST = 'ssh://me@engine.example';
      assert.throws(() => curlEngineArgs('/_ping'), /ssh:\/\/me@engine\.example/);
    });
  });

  describe('Chromium', () => {
    it('is LAYERWISE_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH', () => {
      const chrome = executable('a', 'google-chrome', 'exit 0');
      const browser = executable('b', 'chromium-browser', 'exit 0');
      const chromium = executable('c', 'chromium', 'exit 0');
      assert.equal(chromiumPath({ PATH: onPath('a', 'b', 'c') }), chromium);
      assert.equal(chromiumPath({ PATH: onPath('a', 'b') }), browser);
      assert.equal(chromiumPath({ PATH: onPath('a') }), chrome);
      assert.equal(chromiumPath({ PATH: onPath('a', 'b', 'c'), LAYERWISE_CHROMIUM: chrome }), chrome);
    });

    it('fails naming LAYERWISE_CHROMIUM when there is none or the setting is wrong', () => {
      assert.throws(() => chromiumPath({ PATH: onPath('empty') }), /No Chromium on PATH[\s\S]*LAYERWISE_CHROMIUM/);
      writeFileSync(join(dir, 'not-executable'), '');
      assert.throws(
        () => chromiumPath({ PATH: '', LAYERWISE_CHROMIUM: join(dir, 'not-executable') }),
        /LAYERWISE_CHROMIUM=.* is not an executable/,
      );
    });
  });

  it('README screenshots go to docs/images only when LAYERWISE_SCREENSHOTS says so', () => {
    assert.equal(screenshotFolder({}), undefined);
    assert.equal(screenshotFolder({ LAYERWISE_SCREENSHOTS: 'docs/images' }), join(REPO_ROOT, 'docs', 'images'));
  });
});
