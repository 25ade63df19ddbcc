// "Prove this fix" in a real VS Code (issue 13): the code action beside the --no-install-recommends fix builds
// the Dockerfile as it is and as fixed on the test engine, shows the measured saving and the packages the fix
// removes (ca-certificates named as a risk), the lightbulb then carries the verdict, and "Apply" applies exactly
// the proven edit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { revertAndCloseAll, waitForDiagnostic } from './util';
import { dockerCli } from '../../helpers/dockerCli';
import { formatBytes } from '../../../common/format';
import type { ProveFixResult } from '../../../common/protocol';

interface Outcome {
  result: ProveFixResult;
  message?: string;
  items: string[];
  apply(): Promise<boolean>;
}

const BASE = 'layerwise-test/debian:bookworm';

async function actionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
    50,
  );
}

describe('Prove this fix in VS Code', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => {
    const base = spawnSync(dockerCli(), ['image', 'inspect', BASE], { encoding: 'utf8' });
    if (base.error || base.status !== 0)
      throw new Error(`${BASE} is missing (engine up? run "sudo bash scripts/setup-test-env.sh"): ${base.error?.message ?? base.stderr}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vscode-prove-'));
  });

  after(async () => {
    await revertAndCloseAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('proves --no-install-recommends on the real build: saving, removed packages, the verdict in the lightbulb, then Apply', async () => {
    const file = path.join(dir, 'Dockerfile');
    // A comment unique to this run: the proof cache is keyed by the text, so this proof really builds.
    const text = [
      `# prove ${Date.now()}-${process.pid}`,
      `FROM ${BASE}`,
      'RUN apt-get update && apt-get install -y curl',
      'CMD ["curl", "--version"]',
      '',
    ];
    fs.writeFileSync(file, text.join('\n'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    const uri = editor.document.uri;
    const diagnostic = await waitForDiagnostic(uri, 'apt-install-recommends');

    const offered = await actionsAt(uri, diagnostic.range);
    const prove = offered.find((a) => a.title === 'Prove this fix on your build: Add --no-install-recommends');
    assert.ok(prove?.command, `offered: ${offered.map((a) => a.title).join(' | ')}`);
    const outcome = await vscode.commands.executeCommand<Outcome>(prove.command.command, ...(prove.command.arguments ?? []));
    assert.ok(outcome?.result, 'the command returned nothing');
    assert.ok(outcome.result.ok, `the proof failed: ${!outcome.result.ok ? outcome.result.message : ''}`);
    const { proof } = outcome.result;
    assert.equal(proof.claim, 'changes-build');
    assert.equal(proof.verdict, 'as-claimed', proof.summary);
    assert.equal(proof.fromCache, undefined, 'a new text must be built, not read from the proof cache');
    assert.ok(proof.packagesRemoved?.includes('ca-certificates'), `removed: ${proof.packagesRemoved?.join(', ')}`);
    assert.ok(
      proof.risky?.some((r) => r.name === 'ca-certificates'),
      `risky: ${JSON.stringify(proof.risky)}`,
    );
    assert.ok((proof.bytesSaved ?? 0) > 0, `saved ${proof.bytesSaved}`);
    // What the user reads: the measured saving and the packages, with Apply offered.
    assert.ok(outcome.message?.includes(`Measured: saves ${formatBytes(proof.bytesSaved!)}`), outcome.message);
    assert.match(outcome.message!, /removes \d+ packages: .*ca-certificates|Risk: removes ca-certificates/);
    assert.deepEqual(outcome.items, ['Apply', 'Show the proof']);
    assert.match(outcome.result.report, /packages: removes \d+: .*ca-certificates/);

    // The lightbulb now says what the proof measured, without building again.
    const after = await actionsAt(uri, diagnostic.range);
    const fix = after.find((a) => a.title.startsWith('Add --no-install-recommends'));
    assert.equal(fix?.title, `Add --no-install-recommends (proven: saves ${formatBytes(proof.bytesSaved!)}) (changes the build)`);

    assert.equal(await outcome.apply(), true);
    assert.equal(
      editor.document.getText(),
      [text[0], text[1], 'RUN apt-get update && apt-get install --no-install-recommends -y curl', text[3], ''].join('\n'),
    );
    // The text changed: applying the old proof again is refused rather than misapplied.
    assert.equal(await outcome.apply(), false);
  });
});
