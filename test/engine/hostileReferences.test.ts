// Image references that try to leave the engine: `../..` paths the engine would answer with a redirect to another
// host. A local TCP listener stands for that host and must see no request; the CLI exits 2 naming the problem;
// the language server keeps answering whatever the `layerwise.images` setting holds.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { CodeLensRequest, CodeLens } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../protocol/lspClient';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { makeContext } from './engineFixtures';
import { dockerodeOptions, openEngine, resolveEndpoint } from '../../server/src/core/engine/connection';
import '../../server/src/core/engine/engineRequests';
import { analyzeImageRequest, imageLinksNotification, engineSettingsNotification } from '../../common/protocol';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A TCP listener on 127.0.0.1 that records every connection (the "other host" a redirect would reach). */
async function listener(): Promise<{ port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = net.createServer((socket) => {
    hits.push('connection');
    socket.on('data', (d) => hits.push(String(d).split('\r\n')[0]));
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('engine: image references cannot leave the engine', function () {
  this.timeout(120_000);
  let target: Awaited<ReturnType<typeof listener>>;
  let dockerfile: string;
  before(async () => {
    await requireEngine();
    const busybox = await requireBaseImage('busybox');
    target = await listener();
    dockerfile = path.join(makeContext({ Dockerfile: `FROM ${busybox}\nRUN true\n` }), 'Dockerfile');
  });
  after(() => target?.close());

  it('the engine itself would redirect such a path (what the defences are for)', async () => {
    const options = dockerodeOptions(resolveEndpoint()) as { socketPath?: string; host?: string; port?: string };
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.get(
        {
          socketPath: options.socketPath,
          host: options.host,
          port: options.port,
          path: `/images/../../127.0.0.1:${target.port}/leak/json`,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      request.on('error', reject);
    });
    assert.equal(status, 301);
    assert.deepEqual(target.hits, []);
  });

  it('layers --image ../../127.0.0.1:PORT/leak? exits 2 with the reason and makes no request to that port', () => {
    const r = cli(['layers', '--image', `../../127.0.0.1:${target.port}/leak?`, dockerfile]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /is not a valid image reference \(it contains a "\." or "\.\." path segment\)/);
    assert.deepEqual(target.hits, []);
  });

  it('analyze with the same reference exits 2 and makes no request to that port', () => {
    const r = cli(['analyze', `../../127.0.0.1:${target.port}/leak?`]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /is not a valid image reference/);
    assert.deepEqual(target.hits, []);
  });

  it('invalid references are rejected with the reason, before any request', () => {
    for (const [ref, reason] of [
      ['Busybox:1', /must be lowercase/],
      ['busybox:1 2', /whitespace/],
      ['busybox\x1b]52;c;eA==\x07', /control characters/],
      ['a/%2e%2e/b', /"%"/],
      ['busybox#x', /"#"/],
      ['${BASE}', /unexpanded variable/],
      [`x:${'t'.repeat(200)}`, /reference grammar/],
    ] as [string, RegExp][]) {
      const r = cli(['layers', '--image', ref, dockerfile]);
      assert.equal(r.status, 2, `${JSON.stringify(ref)}: ${r.stderr}`);
      assert.match(r.stderr, reason, JSON.stringify(ref));
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      assert.doesNotMatch(r.stderr, /\x1b/);
    }
    assert.deepEqual(target.hits, []);
  });

  it('valid references of every shape still reach the engine (a missing one is "not found", not invalid)', () => {
    for (const ref of [
      'localhost:5999/team/app:1.0',
      'layerwise-test-absent/x@sha256:' + 'a'.repeat(64),
      'sha256:' + 'b'.repeat(64),
      'localhost:5999/a__b/c-d.e:v_1',
    ]) {
      const r = cli(['layers', '--image', ref, dockerfile]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /not found/, `${ref}: ${r.stderr}`);
    }
    const ok = cli(['layers', '--image', 'layerwise-test/busybox:1', dockerfile]);
    assert.equal(ok.status, 0, ok.stderr);
  });

  it('the engine client refuses such paths itself, and never follows a redirect the engine sends', async () => {
    const engine = openEngine();
    await assert.rejects(
      engine.docker.getImage(`../../127.0.0.1:${target.port}/leak?`).inspect(),
      /Refused to send the Engine API request/,
    );
    await assert.rejects(
      engine.streaming.getImage(`..%2F..%2F127.0.0.1:${target.port}%2Fleak`).get(),
      /Refused to send the Engine API request/,
    );
    // A client without that guard gets the engine's 301 and must stop there (docker-modem's redirects are off).
    const unguarded = new Dockerode();
    await assert.rejects(unguarded.getImage(`../../127.0.0.1:${target.port}/leak?`).inspect());
    await assert.rejects(unguarded.getImage('../../layerwise-unresolvable.invalid/leak?').inspect());
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(target.hits, []);
  });

  it('the language server keeps answering whatever layerwise.images holds, and asks no other host', async () => {
    const folder = path.dirname(dockerfile);
    const uri = `file://${dockerfile}`;
    const client = new LspTestClient();
    try {
      await client.initialize({ editorFeatures: false, trusted: true });
      await client.connection.sendNotification(engineSettingsNotification.method, { host: '', trusted: true });
      await client.open(uri, fs.readFileSync(dockerfile, 'utf8'));
      for (const hostile of [
        `../../127.0.0.1:${target.port}/leak?`,
        '../../layerwise-unresolvable.invalid/leak?',
        'x\x1b]0;title\x07',
        '',
      ]) {
        await client.connection.sendNotification(imageLinksNotification.method, {
          links: {},
          settings: { Dockerfile: hostile },
          workspaceFolders: [folder],
        });
        const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
        const titles = lenses.map((l) => l.command?.title ?? '');
        if (hostile)
          assert.ok(
            titles.some((t) => t.startsWith('Not an image reference: ')),
            `${JSON.stringify(hostile)}: ${titles.join(' | ')}`,
          );
        assert.ok(
          // eslint-disable-next-line no-control-regex -- control characters are what this looks for
          titles.every((t) => !/[\x00-\x1f]/.test(t)),
          titles.join(' | '),
        );
      }
      // Analyze with such a name: a message, no request, no crash.
      const analysis = await client.connection.sendRequest(analyzeImageRequest, { image: `../../127.0.0.1:${target.port}/leak?` });
      assert.equal(analysis.ok, false);
      assert.match(analysis.ok ? '' : analysis.message, /is not a valid image reference/);
      // Still alive and still reading the engine: a valid setting gets the image's lenses.
      await client.connection.sendNotification(imageLinksNotification.method, {
        links: {},
        settings: { Dockerfile: 'layerwise-test/busybox:1' },
        workspaceFolders: [folder],
      });
      const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
      assert.ok(
        lenses.some((l) => l.command?.title.startsWith('image layerwise-test/busybox:1 · ')),
        lenses.map((l) => l.command?.title).join(' | '),
      );
      assert.equal(client.process.exitCode, null, client.stderr.join(''));
      assert.deepEqual(target.hits, []);
    } finally {
      client.kill();
    }
  });
});
