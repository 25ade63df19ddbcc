// `analyze docker://…` refuses bad input with exit 2 and a message, before or at the first connection.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
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
