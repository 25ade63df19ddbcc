// `analyze`, `layers` and `diff` with docker://… refuse bad input with exit 2 and a message, before or at the first connection.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/runCli';

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('layerwise analyze docker://… (spawned CLI, no registry)', function () {
  this.timeout(60_000);

  it('exits 2 on a reference without a host, a bad platform, or registry flags on an engine image', () => {
    const cases: [string[], RegExp][] = [
      [['analyze', 'docker://busybox:1'], /name the registry host/],
      [['analyze', 'docker://127.0.0.1:5000/App:1'], /lowercase/],
      [['analyze', '--platform', 'amd64', 'docker://127.0.0.1:5000/app:1'], /--platform must be OS\/ARCH/],
      [['analyze', '--platform', 'linux/amd64', 'busybox:1'], /apply to docker:\/\/HOST\/REPO:TAG images only/],
      [['analyze', '--insecure', 'busybox:1'], /apply to docker:\/\/HOST\/REPO:TAG images only/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stdout, '');
    }
  });

  it('exits 2 naming the registry when nothing answers', async () => {
    const port = await closedPort();
    const result = runCli(['analyze', `docker://127.0.0.1:${port}/app:1`]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`Cannot reach the registry 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });
});

describe('layerwise layers / diff docker://… (spawned CLI, no registry)', function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-registry-cli-'));
  const dockerfile = path.join(dir, 'Dockerfile');
  fs.writeFileSync(dockerfile, 'FROM busybox:1\nRUN echo hi > /hi\n');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exit 2 on a reference without a host, a bad platform, or registry flags with no docker:// image', () => {
    const cases: [string[], RegExp][] = [
      [['layers', '--image', 'docker://busybox:1', dockerfile], /name the registry host/],
      [['layers', '--platform', 'amd64', '--image', 'docker://127.0.0.1:5000/app:1', dockerfile], /--platform must be OS\/ARCH/],
      [['layers', '--insecure', '--image', 'busybox:1', dockerfile], /apply to docker:\/\/HOST\/REPO:TAG images only/],
      [['diff', '--dockerfile', dockerfile, 'docker://busybox:1', 'app:2'], /name the registry host/],
      [
        ['diff', '--dockerfile', dockerfile, '--platform', 'linux/amd64', 'app:1', 'app:2'],
        /apply to docker:\/\/HOST\/REPO:TAG images only/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stdout, '');
    }
  });

  it('exit 2 naming the registry when nothing answers, with no engine asked', async () => {
    const port = await closedPort();
    const env = { DOCKER_HOST: `unix://${path.join(dir, 'no-engine.sock')}` };
    const layers = runCli(['layers', '--image', `docker://127.0.0.1:${port}/app:1`, dockerfile], { env });
    assert.equal(layers.code, 2);
    assert.match(layers.stderr, new RegExp(`Cannot reach the registry 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    const diff = runCli(['diff', '--dockerfile', dockerfile, `docker://127.0.0.1:${port}/app:1`, `docker://127.0.0.1:${port}/app:2`], {
      env,
    });
    assert.equal(diff.code, 2);
    assert.match(diff.stderr, new RegExp(`Cannot reach the registry 127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(diff.stderr, /engine/i);
  });
});
