// The language server's texts are translatable: every l10n.t string of server/src (rule messages and fix
// titles in core/, the server's own texts in lsp/) is in the bundle (npm run l10n), and a bundle for the
// editor's locale turns lens titles into that language.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleFilesFor, loadTranslations, t } from '../../../server/src/core/l10n';
import { computeLenses } from '../../../server/src/lsp/layerLenses';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';

const ROOT = path.resolve(__dirname, '../../../..');

/** Every .ts file under server/src: what scripts/export-server-strings.mjs reads. */
function serverSources(dir = path.join(ROOT, 'server', 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverSources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

describe('language server translations', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-l10n-'));
    fs.writeFileSync(
      path.join(dir, 'bundle.l10n.de.json'),
      JSON.stringify({
        'Layer sizes: only for a Dockerfile saved on disk': 'Layer-Größen: nur für eine gespeicherte Dockerfile',
        '⚠ {0} hidden by line {1}': '⚠ {0} verdeckt durch Zeile {1}',
        'Ignore {0}': { message: '{0} ignorieren', comment: ['exported with a comment'] },
      }),
    );
  });
  after(() => {
    loadTranslations(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has every l10n.t string of the server in l10n/bundle.l10n.json, and no template literal as a message', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const files = serverSources();
    const sources = files.map((f) => fs.readFileSync(f, 'utf8'));
    const used = sources.flatMap((text) =>
      [...text.matchAll(/\bl10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\(['"\\])/g, '$1')),
    );
    assert.ok(used.length >= 150, `only ${used.length} server strings`);
    assert.ok(
      files.some((f) => f.includes(`${path.sep}core${path.sep}rules${path.sep}`)) && used.includes('Replace ADD with COPY'),
      'rule texts are read too',
    );
    for (const s of used) assert.ok(s in bundle, `l10n/bundle.l10n.json lacks "${s}" (run npm run l10n)`);
    files.forEach((file, i) =>
      assert.doesNotMatch(
        sources[i],
        /\bl10n\.t\(\s*[^'"\s]/,
        `${path.relative(ROOT, file)}: a translated message must be a plain string literal`,
      ),
    );
  });

  it('picks the most specific bundle for the locale, and none for an invalid locale', () => {
    assert.deepEqual(
      bundleFilesFor('de-CH', dir).map((f) => path.basename(f)),
      ['bundle.l10n.de-ch.json', 'bundle.l10n.de.json'],
    );
    assert.deepEqual(bundleFilesFor('../../etc', dir), []);
    assert.equal(loadTranslations('de-CH', dir), path.join(dir, 'bundle.l10n.de.json'));
    assert.equal(loadTranslations('fr', dir), undefined);
    assert.equal(t('Ignore {0}', 'node_modules'), 'Ignore node_modules', 'English when the language has no bundle');
  });

  it('translates lens titles with their figures in place, and keeps English for what the bundle lacks', () => {
    loadTranslations('de', dir);
    const model = parseDockerfile('FROM layerwise-test/busybox:1\nRUN dd if=/dev/zero of=/junk bs=1M count=1\nRUN rm /junk\n');
    const titles = computeLenses({
      uri: 'untitled:Untitled-1',
      model,
      lookup: { kind: 'not-on-disk' },
      sharedBases: new Map(),
      waste: [{ addedLine: 2, hiddenLine: 3, bytes: 1_048_576, paths: ['/junk'] } as never],
    }).map((l) => l.command?.title);
    assert.deepEqual(titles, ['Layer-Größen: nur für eine gespeicherte Dockerfile', '⚠ 1.0 MB verdeckt durch Zeile 3']);
    assert.equal(t('Ignore {0}', 'dist'), 'dist ignorieren', 'an exported entry with a comment');
    assert.equal(t('Retry'), 'Retry');
  });
});
