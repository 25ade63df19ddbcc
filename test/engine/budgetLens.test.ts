// Size budgets and Compose links in the editor, end to end: the bundled server over LSP, a real build on the
// host engine. A Dockerfile no one linked in the editor gets the lenses of the image its Compose service names,
// and when that image breaks a budget of .layerwise.yaml the Dockerfile's first line carries the warning.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, CodeLens, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../protocol/lspClient';
import { buildImage, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { hostEngine, requireBase } from './engineMatrix';
import { engineSettingsNotification, imageLinksNotification } from '../../common/protocol';

describe('[host] editor: a Compose service links its image; a budget breach shows on line 1', function () {
  this.timeout(180_000);
  let client: LspTestClient;
  let context: string;
  let uri: string;
  let tag: string;

  before(async function () {
    const engine = hostEngine();
    const base = await requireBase(engine, 'busybox', this);
    tag = uniqueTag('teams-budget-lens');
    context = makeContext({
      Dockerfile: `FROM ${base}\nRUN head -c 3000000 /dev/zero > /three\n`,
      'compose.yaml': `services:\n  app:\n    image: ${tag}\n    build: .\n`,
      '.layerwise.yaml': 'budgets:\n  - dockerfile: Dockerfile\n    maxSize: 4MB\n',
    });
    fs.mkdirSync(path.join(context, '.git'));
    await buildImage('buildkit', context, tag, [], 'Dockerfile', engine);
    uri = `file://${path.join(context, 'Dockerfile')}`;
    client = new LspTestClient();
    await client.initialize({ editorFeatures: false, trusted: true });
    await client.connection.sendNotification(engineSettingsNotification.method, { host: engine.host, trusted: true });
    // No link from the editor: the Compose file is what ties the image to the Dockerfile.
    await client.connection.sendNotification(imageLinksNotification.method, { links: {}, settings: {}, workspaceFolders: [] });
    await client.open(uri, fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
  });

  after(async () => {
    client?.kill();
    await removeTestImages();
  });

  async function lensTitles(): Promise<string[]> {
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    return lenses.map((l) => l.command?.title ?? '');
  }

  it("the lenses show the Compose service's image, and the breach of maxSize arrives as a diagnostic on line 1", async () => {
    const published: PublishDiagnosticsParams[] = [];
    const budgetWarning = () =>
      published
        .flatMap((p) => p.diagnostics)
        .find((d) => d.code === 'size-budget' && /Size budget exceeded: size .* exceeds maxSize 4\.0 MB/.test(d.message));
    const listen = () =>
      void client.nextDiagnostics(uri, undefined, 60_000).then(
        (p) => (published.push(p), listen()),
        () => undefined,
      );
    listen();
    const until = Date.now() + 60_000;
    let titles: string[] = [];
    // The line-1 lens shortens a long reference in the middle (`layerwise-test-engin…-lens:…`).
    const namesTag = (title: string): boolean => {
      const shown = /^image (\S+) · /.exec(title)?.[1];
      if (!shown) return false;
      const [head, tail] = shown.split('…');
      return tail === undefined ? shown === tag : tag.startsWith(head) && tag.endsWith(tail);
    };
    while (Date.now() < until) {
      titles = await lensTitles();
      if (titles.some(namesTag) && budgetWarning()) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(titles.some(namesTag), titles.join(' | '));
    const warning = budgetWarning();
    assert.ok(warning, JSON.stringify(published));
    assert.deepEqual(warning.range.start, { line: 0, character: 0 });
  });

  it('a budget the image keeps clears the warning', async () => {
    fs.writeFileSync(path.join(context, '.layerwise.yaml'), 'budgets:\n  - dockerfile: Dockerfile\n    maxSize: 50MB\n');
    // A later mtime than the first write, on file systems with coarse timestamps too.
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(context, '.layerwise.yaml'), later, later);
    const cleared = client.nextDiagnostics(uri, undefined, 60_000);
    await lensTitles();
    const diagnostics = (await cleared).diagnostics;
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'size-budget'),
      [],
    );
  });
});
