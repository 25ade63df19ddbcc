// The manifest's static contributions point at files that exist and say what those files say:
// grammars (scope names), snippets, language configuration, walkthrough pages and commands, icon.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');
// Strings are translatable (%key% → package.nls.json): read the manifest as VS Code shows it in English.
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'), (_key, value) =>
  typeof value === 'string' && /^%[\w.-]+%$/.test(value) ? (nls[value.slice(1, -1)] ?? value) : value,
);
const contributes = manifest.contributes;
const exists = (relative: string) => fs.existsSync(path.join(repoRoot, relative));

describe('manifest contributions', () => {
  it('registers our grammars for dockerfile and dockerignore with matching scope names', () => {
    const byLanguage = new Map<string, { scopeName: string; path: string }>(
      contributes.grammars.map((g: { language: string }) => [g.language, g]),
    );
    for (const [language, scope] of [
      ['dockerfile', 'source.dockerfile'],
      ['dockerignore', 'source.dockerignore'],
    ]) {
      const grammar = byLanguage.get(language);
      assert.ok(grammar, `no grammar for ${language}`);
      assert.equal(grammar.scopeName, scope);
      const file = JSON.parse(fs.readFileSync(path.join(repoRoot, grammar.path), 'utf8'));
      assert.equal(file.scopeName, scope, `${grammar.path} declares ${file.scopeName}`);
    }
  });

  it('declares the dockerignore language and a language configuration for both languages', () => {
    const languages: { id: string; filenames?: string[]; configuration?: string }[] = contributes.languages;
    const ignore = languages.find((l) => l.id === 'dockerignore');
    assert.ok(ignore?.filenames?.includes('.dockerignore'));
    for (const id of ['dockerfile', 'dockerignore']) {
      const configuration = languages.find((l) => l.id === id)?.configuration;
      assert.ok(configuration && exists(configuration), `${id}: configuration ${configuration}`);
      const parsed = JSON.parse(fs.readFileSync(path.join(repoRoot, configuration), 'utf8'));
      assert.equal(parsed.comments.lineComment, '#');
      // Regexes in the configuration must compile (VS Code drops the whole rule otherwise).
      for (const rule of parsed.onEnterRules ?? []) new RegExp(rule.beforeText);
    }
  });

  it('points snippets at existing files for both languages', () => {
    const languages = contributes.snippets.map((s: { language: string; path: string }) => {
      assert.ok(exists(s.path), `missing ${s.path}`);
      return s.language;
    });
    assert.deepEqual([...languages].sort(), ['dockerfile', 'dockerignore']);
  });

  it('has a walkthrough whose pages exist and whose Layerwise commands are contributed', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.equal(walkthrough.title, 'Get started with Layerwise');
    const ours = new Set(contributes.commands.map((c: { command: string }) => c.command));
    const steps: { id: string; description: string; media: { markdown?: string }; completionEvents: string[] }[] = walkthrough.steps;
    assert.deepEqual(
      steps.map((s) => s.id),
      ['openDockerfile', 'seeSquiggles', 'applyFix', 'buildImage', 'seeLayerSizes', 'analyzeImage'],
    );
    for (const step of steps) {
      assert.ok(step.media.markdown && exists(step.media.markdown), `${step.id}: page ${step.media.markdown}`);
      assert.ok(step.completionEvents.length > 0, `${step.id} never completes`);
      // Step descriptions render links and bold only: backticks would show up as they are.
      assert.ok(!step.description.includes('`'), `${step.id}: backticks in the description`);
      const referenced = [
        ...[...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]),
        ...step.completionEvents.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)),
      ];
      for (const command of referenced.filter((c) => c.startsWith('layerwise.'))) {
        assert.ok(ours.has(command), `${step.id} uses ${command}, which package.json does not contribute`);
      }
    }
  });

  it('has a 128x128 PNG icon and a gallery banner', () => {
    const png = fs.readFileSync(path.join(repoRoot, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  });
});
