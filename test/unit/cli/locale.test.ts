// `layerwise lint` in the user's language: --locale, else LC_ALL / LC_MESSAGES / LANG, English without a
// bundle. The spawned tests run a copy of dist/cli.js with its own l10n/ folder beside dist/, as installed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliLocale, localeFromEnvironment, localeTag } from '../../../server/src/cli/locale';
import { UsageError } from '../../../server/src/cli/usage';
import { CLI, runCli } from './runCli';

const ADD_EN = 'Use COPY instead of ADD for local files: ADD also unpacks archives and fetches URLs, COPY only copies.';
const ADD_DE = 'Verwenden Sie COPY statt ADD für lokale Dateien: ADD entpackt auch Archive und lädt URLs, COPY kopiert nur.';

describe('CLI locale', () => {
  it('reads POSIX locale names and language tags as lower-case tags; C and POSIX are English', () => {
    assert.equal(localeTag('de_DE.UTF-8'), 'de-de');
    assert.equal(localeTag('sr_RS@latin'), 'sr-rs');
    assert.equal(localeTag('pt-BR'), 'pt-br');
    assert.equal(localeTag('de'), 'de');
    for (const english of ['C', 'C.UTF-8', 'POSIX', '', '../../etc']) assert.equal(localeTag(english), undefined, english);
  });

  it('takes LC_ALL, then LC_MESSAGES, then LANG; the first one set decides, even when it is C', () => {
    assert.equal(localeFromEnvironment({ LANG: 'de_DE.UTF-8' }), 'de-de');
    assert.equal(localeFromEnvironment({ LC_MESSAGES: 'fr_FR.UTF-8', LANG: 'de_DE.UTF-8' }), 'fr-fr');
    assert.equal(localeFromEnvironment({ LC_ALL: 'it_IT', LC_MESSAGES: 'fr_FR', LANG: 'de_DE' }), 'it-it');
    assert.equal(localeFromEnvironment({ LC_ALL: '', LANG: 'de_DE' }), 'de-de', 'an empty variable is not set');
    assert.equal(localeFromEnvironment({ LC_ALL: 'C', LANG: 'de_DE.UTF-8' }), undefined);
    assert.equal(localeFromEnvironment({}), undefined);
  });

  it('--locale wins over the environment and must read as a language tag', () => {
    assert.equal(cliLocale('de', { LANG: 'fr_FR.UTF-8' }), 'de');
    assert.equal(cliLocale('C', { LANG: 'fr_FR.UTF-8' }), undefined);
    assert.equal(cliLocale(undefined, { LANG: 'fr_FR.UTF-8' }), 'fr-fr');
    assert.throws(() => cliLocale('../../etc/passwd', {}), UsageError);
  });

  describe('layerwise lint (spawned copy with a German bundle)', function () {
    this.timeout(60_000);
    let root: string;
    let cli: string;
    let work: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-locale-'));
      fs.cpSync(path.dirname(CLI), path.join(root, 'dist'), {
        recursive: true,
        filter: (f) => !f.endsWith('.map') && !/(server|client)\.js$/.test(f),
      });
      cli = path.join(root, 'dist', 'cli.js');
      fs.mkdirSync(path.join(root, 'l10n'));
      fs.writeFileSync(
        path.join(root, 'l10n', 'bundle.l10n.de.json'),
        JSON.stringify({
          [ADD_EN]: ADD_DE,
          'Replace ADD with COPY': 'ADD durch COPY ersetzen',
          "'{0}' and '{1}' keywords' casing do not match: write '{2}'.":
            "Die Schreibweise von '{0}' und '{1}' passt nicht zusammen: '{2}' schreiben.",
        }),
      );
      work = path.join(root, 'work');
      fs.mkdirSync(work);
      fs.writeFileSync(path.join(work, 'Dockerfile'), 'FROM alpine:3.20 as build\nADD app /app\nUSER app\n');
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    function lint(args: string[], env: Record<string, string>) {
      const result = runCli(['lint', '--format', 'json', ...args, 'Dockerfile'], { cwd: work, cli, env });
      assert.equal(result.code, 1, result.stderr);
      const diagnostics = JSON.parse(result.stdout)[0].diagnostics as { rule: string; message: string; fixes: { title: string }[] }[];
      return new Map(diagnostics.map((d) => [d.rule, d]));
    }

    it('speaks the language of LANG (de_DE.UTF-8 → the de bundle), placeholders filled, English for what it lacks', () => {
      const found = lint([], { LANG: 'de_DE.UTF-8' });
      assert.equal(found.get('add-instead-of-copy')?.message, ADD_DE);
      assert.deepEqual(
        found.get('add-instead-of-copy')?.fixes.map((f) => f.title),
        ['ADD durch COPY ersetzen'],
      );
      assert.equal(found.get('from-as-casing')?.message, "Die Schreibweise von 'as' und 'FROM' passt nicht zusammen: 'AS' schreiben.");
      assert.deepEqual(
        found.get('from-as-casing')?.fixes.map((f) => f.title),
        ["Write 'AS'"],
      );
    });

    it('--locale wins over the environment; LC_ALL wins over LANG; English without a bundle or a locale', () => {
      assert.equal(lint(['--locale', 'de'], { LANG: 'fr_FR.UTF-8' }).get('add-instead-of-copy')?.message, ADD_DE);
      assert.equal(lint(['--locale=fr'], { LANG: 'de_DE.UTF-8' }).get('add-instead-of-copy')?.message, ADD_EN);
      assert.equal(lint([], { LC_ALL: 'C.UTF-8', LANG: 'de_DE.UTF-8' }).get('add-instead-of-copy')?.message, ADD_EN);
      assert.equal(lint([], {}).get('add-instead-of-copy')?.message, ADD_EN);
    });

    it('refuses a --locale that is no language tag (exit 2)', () => {
      const result = runCli(['lint', '--locale', '../../etc', 'Dockerfile'], { cwd: work, cli });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--locale must be a language tag such as de or pt-BR \(got "\.\.\/\.\.\/etc"\)/);
    });
  });
});
