// The layer-size lenses end to end: the bundled server over LSP, every engine of the matrix, real builds with
// each builder it has. The image total is what the layers hold unpacked (the lines' sum) on every image store.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, CodeLensRefreshRequest, CodeLens } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../protocol/lspClient';
import { buildImage, cliHistory, makeContext, removeTestImages, uniqueTag, docker } from './engineFixtures';
import { engines, requireBase } from './engineMatrix';
import { imageLinksNotification, engineSettingsNotification } from '../../common/protocol';
import { formatBytes } from '../../common/format';

const DOCKERFILE = (base: string) => `FROM ${base}
RUN dd if=/dev/zero of=/big bs=1024 count=1536
ENV MODE=production
COPY app.txt /app/app.txt
CMD ["cat", "/app/app.txt"]
`;

async function lensesAt(client: LspTestClient, uri: string): Promise<Map<number, string[]>> {
  const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const byLine = new Map<number, string[]>();
  for (const l of lenses) byLine.set(l.range.start.line, [...(byLine.get(l.range.start.line) ?? []), l.command?.title ?? '']);
  return byLine;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const engine of engines())
  for (const builder of engine.builders) {
    describe(`[${engine.name}] layer lenses over LSP (${builder} builder)`, function () {
      this.timeout(120_000);
      let client: LspTestClient;
      let context: string;
      let tag: string;
      let uri: string;
      let refreshes = 0;

      before(async function () {
        const base = await requireBase(engine, 'busybox', this);
        context = makeContext({ Dockerfile: DOCKERFILE(base), 'app.txt': 'hello\n' });
        tag = uniqueTag(`lens-${builder}`);
        await buildImage(builder, context, tag, [], 'Dockerfile', engine);
        uri = `file://${path.join(context, 'Dockerfile')}`;
        client = new LspTestClient();
        client.connection.onRequest(CodeLensRefreshRequest.type, () => {
          refreshes++;
        });
        await client.initialize({ editorFeatures: false, trusted: true });
        await client.connection.sendNotification(engineSettingsNotification.method, { host: engine.host, trusted: true });
        await client.connection.sendNotification(imageLinksNotification.method, {
          links: { [path.join(context, 'Dockerfile')]: tag },
          settings: {},
          workspaceFolders: [],
        });
        await client.open(uri, fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
      });

      after(async () => {
        client?.kill();
        await removeTestImages();
      });

      it('shows, above each instruction, the size the engine reports for its layer', async () => {
        const history = await cliHistory(tag, engine); // newest first: CMD, COPY, ENV, RUN, base…
        const runSize = history[3].size;
        const copySize = history[1].size;
        // The total the layers hold unpacked, as the lines show them (the containerd store's image Size is packed).
        const imageSize = history.reduce((sum, h) => sum + h.size, 0);
        assert.match(history[3].createdBy, /dd if=\/dev\/zero/);
        const lenses = await waitFor('layer lenses', async () => {
          const l = await lensesAt(client, uri);
          return l.get(1)?.some((t) => /of image/.test(t)) ? l : undefined;
        });
        assert.ok(
          lenses.get(1)!.includes(`${formatBytes(runSize)} · ${Math.round((100 * runSize) / imageSize)}% of image`),
          lenses.get(1)!.join(' | '),
        );
        assert.ok(
          lenses.get(3)!.some((t) => t.startsWith(`${formatBytes(copySize)} · `)),
          lenses.get(3)!.join(' | '),
        );
        assert.ok(lenses.get(2)!.includes('metadata only'));
        assert.ok(lenses.get(4)!.includes('metadata only'));
        assert.ok(
          // A tag this long is shortened in the middle on line 1 (the whole one is in the tooltip).
          lenses
            .get(0)!
            .some((t) => t.startsWith(`image ${tag.slice(0, 12)}`) && t.includes(`${tag.slice(-8)} · ${formatBytes(imageSize)} · `)),
          lenses.get(0)!.join(' | '),
        );
        assert.ok(
          // The FROM line shows the reference: its lens gives the base's size.
          lenses.get(0)!.some((t) => t.startsWith(`base ${formatBytes(history.slice(4).reduce((s, h) => s + h.size, 0))}`)),
          lenses.get(0)!.join(' | '),
        );
        // Every "% of image" adds up to the whole image (base included), within rounding.
        const percents = [...lenses.values()]
          .flat()
          .map((t) => /· (\d+)% of image/.exec(t)?.[1])
          .filter(Boolean)
          .map(Number);
        const baseShare = Math.round((100 * history.slice(4).reduce((s, h) => s + h.size, 0)) / imageSize);
        assert.ok(
          Math.abs(percents.reduce((a, b) => a + b, 0) + baseShare - 100) <= percents.length + 1,
          `${percents.join(' + ')} + base ${baseShare}`,
        );
        // The build context costs shown on the COPY: app.txt is 6 bytes.
        assert.ok(lenses.get(3)!.includes('context: 6 B · 1 file'), lenses.get(3)!.join(' | '));
      });

      it('says "changed since build" on an edited line instead of a number', async () => {
        await client.change(uri, 2, [{ range: { start: { line: 1, character: 44 }, end: { line: 1, character: 48 } }, text: '2048' }]);
        const lenses = await lensesAt(client, uri);
        assert.deepEqual(lenses.get(1), ['changed since build']);
        assert.ok(
          lenses.get(3)!.some((t) => /of image/.test(t)),
          'unchanged lines keep their numbers',
        );
        await client.change(uri, 3, [{ range: { start: { line: 1, character: 44 }, end: { line: 1, character: 48 } }, text: '1536' }]);
      });

      it('asks the editor to refresh lenses when the image is rebuilt, through the event stream', async () => {
        const before = refreshes;
        fs.writeFileSync(path.join(context, 'app.txt'), 'hello, world, a longer file now\n');
        await buildImage(builder, context, tag, [], 'Dockerfile', engine);
        await waitFor('a codeLens refresh request', async () => (refreshes > before ? true : undefined), 60_000);
        const history = await cliHistory(tag, engine);
        const lenses = await lensesAt(client, uri);
        assert.ok(
          lenses.get(3)!.some((t) => t.startsWith(`${formatBytes(history[1].size)} · `)),
          lenses.get(3)!.join(' | '),
        );
      });

      it('offers to build when the linked image is removed', async () => {
        await docker(['rmi', '-f', tag], engine);
        const lenses = await waitFor('the missing-image lens', async () => {
          const l = await lensesAt(client, uri);
          return l.get(0)?.some((t) => t.includes('is not in the engine')) ? l : undefined;
        });
        assert.ok(lenses.get(0)!.includes('Build image'));
      });
    });
  }

describe('layer lenses without trust', () => {
  it('never contacts the engine and says why', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize({ editorFeatures: false, trusted: false });
      const uri = 'file:///tmp/layerwise-untrusted/Dockerfile';
      await client.open(uri, 'FROM layerwise-test/busybox:1\nRUN true\n');
      const lenses = await lensesAt(client, uri);
      assert.deepEqual(
        lenses.get(0)?.filter((t) => t.startsWith('Layer sizes')),
        ['Layer sizes: trust this workspace to read the Docker engine'],
      );
      assert.equal(lenses.get(1), undefined);
    } finally {
      client.kill();
    }
  });
});
