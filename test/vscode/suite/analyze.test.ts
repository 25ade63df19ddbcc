// "Layerwise: Analyze image" in a real VS Code: the command on an image built here, the report panel, and
// what the panel's page (a real browser under code-server) shows for hostile history and file names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { revertAndCloseAll, waitFor } from './util';
import { dockerCli } from '../../helpers/dockerCli';

const TAG = 'layerwise-test-analysis-vscode:1';
const HOSTILE = '<img src=x onerror=alert(1)>';
const MB = 1024 * 1024;

interface CommandResult {
  report: {
    image: string;
    wastedBytes: number;
    wastedFiles: { path: string; addedLine?: number; hiddenLine?: number }[];
    layers: { createdBy: string }[];
  };
  rendered: Promise<{ text: string; elements: Record<string, number> }>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms)),
  ]);
}

describe('Analyze image in VS Code', function () {
  this.timeout(180_000);
  let dir: string;
  let dockerfile: vscode.Uri;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vscode-analyze-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(
      file,
      [
        'FROM layerwise-test/busybox:1',
        'RUN dd if=/dev/zero of=/junk bs=1M count=1',
        `RUN mkdir -p '/h/<' && echo 1 > '/h/${HOSTILE}' && echo 2 > '/h/</script>' && echo '${HOSTILE}</script>'`,
        'RUN rm /junk',
        '',
      ].join('\n'),
    );
    const built = spawnSync(dockerCli(), ['build', '-q', '-t', TAG, dir], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    if (built.error || built.status !== 0) {
      throw new Error(
        `Could not build the test image (is the engine up and layerwise-test/busybox:1 built? run "sudo bash scripts/setup-test-env.sh"): ${built.error?.message ?? built.stderr}`,
      );
    }
    dockerfile = vscode.Uri.file(file);
  });

  after(async () => {
    await revertAndCloseAll();
    spawnSync(dockerCli(), ['rmi', '-f', TAG]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the report panel with the waste tied to lines, and the page shows hostile names as text', async () => {
    const result = await vscode.commands.executeCommand<CommandResult | undefined>('layerwise.analyzeImage', TAG, dockerfile.toString());
    assert.ok(result, 'the command returned no report (see the error notification / output channel)');
    const { report } = result;
    assert.equal(report.image, TAG);
    assert.equal(report.wastedBytes, MB);
    assert.deepEqual([report.wastedFiles[0].path, report.wastedFiles[0].addedLine, report.wastedFiles[0].hiddenLine], ['/junk', 2, 4]);

    await waitFor(
      'the report panel',
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === `Image: ${TAG}`) || undefined,
    );

    const page = await withTimeout(result.rendered, 30_000, 'the report page to render');
    assert.ok(page.text.includes(`/h/${HOSTILE}`), 'the hostile file name is shown as text');
    assert.ok(page.text.includes('/h/</script>'), 'the </script> file name is shown as text');
    assert.ok(page.text.includes(`${HOSTILE}</script>`), 'the hostile history is shown as text');
    assert.equal(page.elements.img, 0, "no <img> element was created from the image's strings");
    assert.equal(page.elements.iframe, 0);
    assert.equal(page.elements.script, 0, 'no <script> element in the report');
    assert.equal(page.elements.a, 0, "no links made from the image's strings");
    assert.ok(page.elements.button >= 3, 'line links and export are keyboard-usable buttons');
  });
});
