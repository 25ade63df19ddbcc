// `layerwise analyze|layers|diff docker://…` against a real registry on loopback: Debian's docker-registry (distribution 2.8),
// started here on a free port with its own config and storage, with and without htpasswd basic auth. Images are
// built in the engine, pushed with the docker client, and the registry's analysis must equal the engine's.
import * as assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { dockerCli } from '../helpers/dockerCli';

const MB = 1024 * 1024;
const PREFIX = 'layerwise-test-registry-';
const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SETUP = 'sudo bash scripts/setup-test-env.sh';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-registry-'));
const createdTags: string[] = [];
/** Tag → the Dockerfile it was built from. */
const dockerfiles = new Map<string, string>();

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(file, args, { encoding: 'utf8', env, maxBuffer: 64 * MB });
  if (result.error || result.status !== 0)
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  return result.stdout;
}

/** Like run, without blocking the event loop: the token service in this process must answer the daemon meanwhile. */
function runAsync(file: string, args: string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env, encoding: 'utf8', maxBuffer: 64 * MB }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(input ?? '');
  });
}

function needTool(name: string, pkg: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  // Never skipped: a machine without it cannot say whether registries work.
  if (!found) throw new Error(`${name} is not installed (Debian package ${pkg}; ${SETUP} installs it).`);
  return found;
}

function cliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', env, maxBuffer: 64 * MB }, (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, maxBuffer: 64 * MB });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Registry {
  host: string;
  process: ChildProcess;
  log: string;
}

/** Starts docker-registry on a free loopback port; `auth` is the config's `auth:` section (none: open). */
async function startRegistry(name: string, auth = ''): Promise<Registry> {
  const binary = needTool('docker-registry', 'docker-registry');
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const log = path.join(dir, 'registry.log');
  const out = fs.openSync(log, 'w');
  const child = spawn(binary, ['serve', config], { stdio: ['ignore', out, out] });
  const host = `127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    const answer = await fetch(`http://${host}/v2/`).catch(() => undefined);
    if (answer && (answer.status === 200 || answer.status === 401)) return { host, process: child, log };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`docker-registry did not start on ${host}: ${fs.readFileSync(log, 'utf8')}`);
}

const TOKEN_USER = 'layerwise';
const TOKEN_PASSWORD = 'token-pass';

/**
 * A token service as distribution's token auth specifies it: Basic credentials in, an RS256 JWT out (x5c header,
 * signed with a throwaway key whose certificate the registry trusts). The registry verifies every token itself.
 */
async function startTokenService(dir: string): Promise<{ realm: string; cert: string; server: http.Server }> {
  const key = path.join(dir, 'token-key.pem');
  const cert = path.join(dir, 'token-cert.pem');
  const openssl = needTool('openssl', 'openssl');
  run(openssl, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=layerwise-test-token',
  ]);
  const der = new crypto.X509Certificate(fs.readFileSync(cert)).raw.toString('base64');
  const privateKey = fs.readFileSync(key);
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const expected = 'Basic ' + Buffer.from(`${TOKEN_USER}:${TOKEN_PASSWORD}`).toString('base64');
    if (request.headers.authorization !== expected) {
      response.writeHead(401).end('{"details":"bad credentials"}');
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      return type === 'repository' ? [{ type, name, actions: actions.split(',') }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'layerwise-test-issuer',
      sub: TOKEN_USER,
      aud: url.searchParams.get('service'),
      exp: now + 600,
      nbf: now - 60,
      iat: now,
      jti: crypto.randomUUID(),
      access,
    };
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', x5c: [der] })}.${b64(claims)}`;
    const signature = crypto.sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url');
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `${unsigned}.${signature}` }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { realm: `http://127.0.0.1:${port}/token`, cert, server };
}

/** Builds `dockerfile` in the engine under a tag of ours. */
function build(name: string, dockerfile: string): string {
  const dir = fs.mkdtempSync(path.join(tmp, `build-${name}-`));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const tag = `${PREFIX}${name}:${process.pid}`;
  run(dockerCli(), ['build', '-q', '-t', tag, dir], { ...process.env, DOCKER_BUILDKIT: '0' });
  createdTags.push(tag);
  dockerfiles.set(tag, path.join(dir, 'Dockerfile'));
  return tag;
}

/** Tags `image` into the registry and pushes it; returns the reference there (without the scheme). */
function push(image: string, registry: Registry, repoTag: string, env: NodeJS.ProcessEnv = process.env): string {
  const remote = `${registry.host}/${repoTag}`;
  run(dockerCli(), ['tag', image, remote]);
  createdTags.push(remote);
  run(dockerCli(), ['push', '-q', remote], env);
  return remote;
}

function analyzeJson(args: string[], env?: NodeJS.ProcessEnv) {
  const result = cli(['analyze', '--format', 'json', ...args], env);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as {
    sizeBytes: number;
    wastedBytes: number;
    fileCount: number;
    layers: { sizeBytes: number; wastedBytes: number; createdBy: string }[];
    wastedFiles: { path: string; bytes: number; addedInLayer: number; hiddenInLayer: number }[];
  };
}

/** What must be the same wherever the image is read from. */
function essentials(report: ReturnType<typeof analyzeJson>) {
  return {
    sizeBytes: report.sizeBytes,
    wastedBytes: report.wastedBytes,
    fileCount: report.fileCount,
    layers: report.layers.map((l) => [l.sizeBytes, l.wastedBytes, l.createdBy]),
    wastedFiles: report.wastedFiles.map((f) => [f.path, f.bytes, f.addedInLayer, f.hiddenInLayer]),
  };
}

describe('analyze docker://… from a registry on loopback (no engine in the read path)', function () {
  this.timeout(600_000);
  const registries: Registry[] = [];
  let busybox: string;
  let wasteful: string;

  before(async () => {
    await requireEngine();
    busybox = await requireBaseImage('busybox');
    wasteful = build('waste', `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=3 && echo keep > /keep\nRUN rm /junk\n`);
  });

  after(() => {
    for (const registry of registries) registry.process.kill();
    if (createdTags.length) spawnSync(dockerCli(), ['rmi', '-f', ...createdTags.reverse()], { encoding: 'utf8' });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds exactly the wasted bytes the engine finds in the same image', async () => {
    const registry = await startRegistry('open');
    registries.push(registry);
    const remote = push(wasteful, registry, 'team/app:1');
    const fromEngine = analyzeJson([wasteful]);
    const fromRegistry = analyzeJson([`docker://${remote}`]);
    assert.equal(fromRegistry.wastedBytes, 3 * MB);
    assert.deepEqual(essentials(fromRegistry), essentials(fromEngine));

    const digest = JSON.parse(run(dockerCli(), ['inspect', remote]))
      .at(0)
      .RepoDigests.find((d: string) => d.startsWith(registry.host));
    assert.ok(digest, 'the push recorded a digest');
    assert.deepEqual(essentials(analyzeJson([`docker://${digest}`])), essentials(fromEngine), 'by digest');

    // With the Dockerfile, the lines come from the history alone (no engine to ask about the base image).
    const withLines = (ref: string) => {
      const report = JSON.parse(cli(['analyze', '--format', 'json', '--dockerfile', dockerfiles.get(wasteful)!, ref]).stdout);
      return { lines: report.layers.map((l: { line: number }) => l.line), wasted: report.wastedFiles, baseLayers: report.base.layerCount };
    };
    const linked = withLines(`docker://${remote}`);
    assert.deepEqual(linked.lines, [1, 1, 2, 3]);
    assert.deepEqual(linked, withLines(wasteful));

    const missing = cli(['analyze', `docker://${registry.host}/team/absent:1`]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /answered 404 .*not found/);
  });

  it('with basic auth: refused without credentials, read with those in DOCKER_CONFIG/config.json', async () => {
    const htpasswd = path.join(tmp, 'htpasswd');
    fs.writeFileSync(htpasswd, run(needTool('htpasswd', 'apache2-utils'), ['-Bbn', 'layerwise', 'secret-pass']));
    const registry = await startRegistry('auth', `auth:\n  htpasswd:\n    realm: layerwise-test\n    path: ${htpasswd}\n`);
    registries.push(registry);
    const dockerConfig = fs.mkdtempSync(path.join(tmp, 'docker-config-'));
    const env = { ...process.env, DOCKER_CONFIG: dockerConfig };
    const login = spawnSync(dockerCli(), ['login', '-u', 'layerwise', '--password-stdin', registry.host], {
      input: 'secret-pass',
      encoding: 'utf8',
      env,
    });
    assert.equal(login.status, 0, login.stderr);
    const remote = push(wasteful, registry, 'private/app:1', env);

    const anonymousConfig = fs.mkdtempSync(path.join(tmp, 'docker-config-empty-'));
    const refused = cli(['analyze', `docker://${remote}`], { ...process.env, DOCKER_CONFIG: anonymousConfig });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /answered 401 .*docker login/);

    assert.deepEqual(essentials(analyzeJson([`docker://${remote}`], env)), essentials(analyzeJson([wasteful])));
  });

  it('with token auth: a Bearer token from the realm the challenge names', async () => {
    const tokens = await startTokenService(tmp);
    try {
      const registry = await startRegistry(
        'token',
        `auth:\n  token:\n    realm: ${tokens.realm}\n    service: layerwise-test\n    issuer: layerwise-test-issuer\n    rootcertbundle: ${tokens.cert}\n`,
      );
      registries.push(registry);
      const env = { ...process.env, DOCKER_CONFIG: fs.mkdtempSync(path.join(tmp, 'docker-config-token-')) };
      await runAsync(dockerCli(), ['login', '-u', TOKEN_USER, '--password-stdin', registry.host], env, TOKEN_PASSWORD);
      const remote = `${registry.host}/tokened/app:1`;
      await runAsync(dockerCli(), ['tag', wasteful, remote]);
      createdTags.push(remote);
      await runAsync(dockerCli(), ['push', '-q', remote], env);

      const refused = await cliAsync(['analyze', `docker://${remote}`], {
        ...process.env,
        DOCKER_CONFIG: fs.mkdtempSync(path.join(tmp, 'no-creds-')),
      });
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /refused a token \(401\) to an anonymous client: docker login first/);

      const fromRegistry = await cliAsync(['analyze', '--format', 'json', `docker://${remote}`], env);
      assert.equal(fromRegistry.status, 0, fromRegistry.stderr);
      assert.deepEqual(essentials(JSON.parse(fromRegistry.stdout)), essentials(analyzeJson([wasteful])));
    } finally {
      tokens.server.close();
    }
  });

  it('layers docker://… gives the per-line sizes layers gives for the same image in the engine', async () => {
    const registry = await startRegistry('layers');
    registries.push(registry);
    const remote = push(wasteful, registry, 'team/layers:1');
    const dockerfile = dockerfiles.get(wasteful)!;
    const rows = (image: string) => {
      const result = cli(['layers', '--format', 'json', '--image', image, dockerfile]);
      assert.equal(result.status, 0, result.stderr);
      return (JSON.parse(result.stdout) as Record<string, unknown>[]).map((r) => [r.line, r.instruction, r.sizeBytes, r.matched]);
    };
    const fromRegistry = rows(`docker://${remote}`);
    assert.deepEqual(fromRegistry, rows(wasteful));
    // Unpacked, not the compressed blob sizes: 3 MiB of zeros compresses to a few KiB.
    assert.ok((fromRegistry[1][2] as number) >= 3 * MB, JSON.stringify(fromRegistry));
    const text = cli(['layers', '--image', `docker://${remote}`, dockerfile]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^image docker://${remote} · `));
    const local = cli(['layers', '--insecure', '--image', wasteful, dockerfile]);
    assert.equal(local.status, 2);
    assert.match(local.stderr, /apply to docker:\/\/HOST\/REPO:TAG images only/);
  });

  it('diff of two pushed images puts the growth on its line; a local BASE with a docker:// HEAD gives the same', async () => {
    const registry = await startRegistry('diff');
    registries.push(registry);
    const grown = build(
      'grown',
      `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=3 && echo keep > /keep\nRUN rm /junk\nRUN dd if=/dev/zero of=/added bs=1M count=5\n`,
    );
    const base = push(wasteful, registry, 'team/diff:base');
    const head = push(grown, registry, 'team/diff:head');
    const diff = (baseRef: string, headRef: string) => {
      const result = cli(['diff', '--format', 'json', '--dockerfile', dockerfiles.get(grown)!, baseRef, headRef]);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as {
        growthBytes: number;
        lines: {
          line: number;
          baseBytes: number | null;
          headBytes: number | null;
          growthBytes: number;
          files: { path: string; change: string }[];
        }[];
      };
    };
    const remote = diff(`docker://${base}`, `docker://${head}`);
    assert.equal(remote.growthBytes, 5 * MB);
    const grew = remote.lines.filter((l) => l.growthBytes !== 0);
    assert.deepEqual(
      grew.map((l) => [l.line, l.baseBytes, l.headBytes, l.growthBytes]),
      [[4, null, 5 * MB, 5 * MB]],
    );
    assert.deepEqual(
      grew[0].files.map((f) => [f.path, f.change]),
      [['/added', 'added']],
    );
    assert.deepEqual(
      remote.lines.map((l) => l.line),
      [1, 2, 3, 4],
    );
    assert.deepEqual(diff(wasteful, `docker://${head}`).lines, remote.lines, 'a local BASE, a docker:// HEAD');
    assert.deepEqual(diff(wasteful, grown).lines, remote.lines, 'both in the engine');
  });

  it('a multi-platform index: --platform picks the image, the default is this machine', async () => {
    const registry = await startRegistry('index');
    registries.push(registry);
    const other = build('waste-other', `FROM ${busybox}\nRUN dd if=/dev/zero of=/big bs=1M count=2\nRUN rm /big\n`);
    const here = push(wasteful, registry, 'multi/app:here');
    const there = push(other, registry, 'multi/app:there');
    const list = `${registry.host}/multi/app:1`;
    const env = { ...process.env, DOCKER_CLI_EXPERIMENTAL: 'enabled', DOCKER_CONFIG: fs.mkdtempSync(path.join(tmp, 'manifests-')) };
    run(dockerCli(), ['manifest', 'create', '--insecure', list, here, there], env);
    const arch = process.arch === 'arm64' ? 'amd64' : 'arm64';
    const hostArch = process.arch === 'x64' ? 'amd64' : process.arch;
    run(dockerCli(), ['manifest', 'annotate', '--os', 'linux', '--arch', hostArch, list, here], env);
    run(dockerCli(), ['manifest', 'annotate', '--os', 'linux', '--arch', arch, list, there], env);
    run(dockerCli(), ['manifest', 'push', '--insecure', list], env);

    assert.equal(analyzeJson([`docker://${list}`]).wastedBytes, 3 * MB, 'this machine by default');
    assert.equal(analyzeJson(['--platform', `linux/${arch}`, `docker://${list}`]).wastedBytes, 2 * MB);
    const none = cli(['analyze', '--platform', 'linux/s390x', `docker://${list}`]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, new RegExp(`no image for linux/s390x \\(it has: linux/${hostArch}, linux/${arch}\\)`));
  });
});
