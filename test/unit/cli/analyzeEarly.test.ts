// The export request `analyze` sends before its bundle loads (cli/analyzeEarly.ts): sent only for one engine image
// on a plain socket, taken over for the same image and engine, closed otherwise. A local socket records what
// arrives (it answers nothing: what the engine would answer is the engine tests' part).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { giveUpEarlyExport, sendEarlyExport, takeEarlyExport } from '../../../server/src/cli/analyzeEarly';
import { resolveEndpoint } from '../../../server/src/core/engine/connection';

interface Arrival {
  request: Promise<string>;
  closed: Promise<void>;
}

describe('analyze: the early export request', () => {
  let dir: string;
  let server: net.Server;
  let arrivals: Arrival[];
  let host: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-early-'));
    arrivals = [];
    server = net.createServer((socket) => {
      let text = '';
      const request = new Promise<string>((resolve) =>
        socket.on('data', (data) => {
          text += data.toString('latin1');
          if (text.includes('\r\n\r\n')) resolve(text.split('\r\n')[0]);
        }),
      );
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => undefined);
      arrivals.push({ request, closed });
    });
    const socketPath = path.join(dir, 'engine.sock');
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    host = `unix://${socketPath}`;
  });

  afterEach(async () => {
    giveUpEarlyExport();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const connections = async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return arrivals.length;
  };

  it('sends GET /images/{name}/get for an engine image, and hands it to the command for the same image and engine', async () => {
    sendEarlyExport(['--format', 'json', '--host', host, 'team/app:1.2']);
    assert.equal(await connections(), 1);
    assert.equal(await arrivals[0].request, 'GET /images/team%2Fapp%3A1.2/get HTTP/1.1');
    const taken = takeEarlyExport('team/app:1.2', resolveEndpoint({ hostSetting: host }));
    assert.ok(taken, 'the command takes the request over');
    assert.equal(takeEarlyExport('team/app:1.2', resolveEndpoint({ hostSetting: host })), undefined, 'only once');
    taken.giveUp();
    await arrivals[0].closed;
  });

  it('closes the request when the command resolves another image or engine', async () => {
    sendEarlyExport(['--host', host, 'app:1']);
    assert.equal(await connections(), 1);
    assert.equal(takeEarlyExport('app:2', resolveEndpoint({ hostSetting: host })), undefined);
    await arrivals[0].closed;
    sendEarlyExport(['--host', host, 'app:1']);
    assert.equal(await connections(), 2);
    assert.equal(takeEarlyExport('app:1', resolveEndpoint({ hostSetting: 'unix:///elsewhere.sock' })), undefined);
    await arrivals[1].closed;
  });

  it('sends nothing for an archive, a registry image, a bad reference, two images or an unknown option', async () => {
    for (const argv of [
      ['--host', host, '--archive', 'image.tar'],
      ['--host', host, 'docker://registry.example/app:1'],
      ['--host', host, 'BAD IMAGE'],
      ['--host', host, 'a:1', 'b:1'],
      ['--host', host, '--no-such-option', 'a:1'],
    ]) {
      sendEarlyExport(argv);
      assert.equal(takeEarlyExport(argv.at(-1)!, resolveEndpoint({ hostSetting: host })), undefined, argv.join(' '));
    }
    assert.equal(await connections(), 0);
  });

  it('a request nobody took over is closed when the command ends (the process can exit)', async () => {
    sendEarlyExport(['--host', host, 'app:1']);
    assert.equal(await connections(), 1);
    giveUpEarlyExport();
    await arrivals[0].closed;
  });
});
