// The manifest's side of "lint only in a virtual workspace": VS Code is told the support is limited and why, and
// the engine commands (build, link, analyze) never show in a virtual workspace nor for a Dockerfile not on disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface MenuEntry {
  command: string;
  when?: string;
}
interface Manifest {
  capabilities: { virtualWorkspaces: { supported: boolean | 'limited'; description?: string } };
  contributes: { menus: Record<string, MenuEntry[]> };
}

const ENGINE_COMMANDS = ['layerwise.buildImage', 'layerwise.linkImage', 'layerwise.analyzeImage'];
// Commands that act on the Dockerfile in the editor (analyze works on any local image, so only its editor menus).
const DOCKERFILE_COMMANDS = new Set(['layerwise.buildImage', 'layerwise.linkImage']);

describe('virtual workspaces in the manifest', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

  it('declares limited support, with the reason VS Code shows', () => {
    const { supported, description } = manifest.capabilities.virtualWorkspaces;
    assert.equal(supported, 'limited');
    assert.match(nls[(description ?? '').replace(/%/g, '')] ?? '', /only linting/i);
  });

  it('hides the engine commands in virtual workspaces and for Dockerfiles not on disk', () => {
    const entries = Object.entries(manifest.contributes.menus)
      .flatMap(([menu, items]) => items.map((item) => ({ menu, ...item })))
      .filter((e) => ENGINE_COMMANDS.includes(e.command));
    assert.ok(entries.length >= 7, `only ${entries.length} menu entries for the engine commands`);
    for (const entry of entries) {
      assert.match(entry.when ?? '', /(^|&& )!virtualWorkspace( &&|$)/, `${entry.menu} ${entry.command}: ${entry.when}`);
      if (entry.menu !== 'commandPalette' || DOCKERFILE_COMMANDS.has(entry.command)) {
        assert.match(entry.when ?? '', /resourceScheme == file/, `${entry.menu} ${entry.command}: ${entry.when}`);
      }
    }
  });
});
