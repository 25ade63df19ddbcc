// Rule messages and fix titles in the user's language: analyzeModel's findings come out of a loaded bundle
// (placeholders filled, cache names translated inside whole sentences), English without one; every rule
// says its texts through l10n.t, so `npm run l10n` exports them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTranslations } from '../../server/src/core/l10n';
import { analyzeModel } from '../../server/src/core/analyze';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { initShellParser } from '../../server/src/core/shell/index';
import { CACHES } from '../../server/src/core/packages/caches';
import { cacheLabel } from '../../server/src/core/rules/size/support/cacheLabels';

const ROOT = path.resolve(__dirname, '../../..');
const RULES = path.join(ROOT, 'server', 'src', 'core', 'rules');

// Being edited on other branches; the lead converts them after merging (then delete them from this list).

const DOCKERFILE = 'FROM alpine:3.20\nADD app /app\nRUN npm ci && echo built\nCMD ["a"]\nCMD ["b"]\nUSER app\n';

/** rule id → message and fix titles, for the findings of DOCKERFILE. */
function texts(): Map<string, { message: string; titles: string[] }> {
  const findings = analyzeModel(parseDockerfile(DOCKERFILE), { context: { dockerignoreExists: true } });
  return new Map(findings.map((f) => [f.rule, { message: f.message, titles: f.fixes.map((x) => x.title) }]));
}

function ruleFiles(dir = RULES): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? ruleFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('rule translations', () => {
  let dir: string;
  before(async () => {
    await initShellParser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-rules-l10n-'));
    fs.writeFileSync(
      path.join(dir, 'bundle.l10n.de.json'),
      JSON.stringify({
        'Use COPY instead of ADD for local files: ADD also unpacks archives and fetches URLs, COPY only copies.':
          'Verwenden Sie COPY statt ADD für lokale Dateien: ADD entpackt auch Archive und lädt URLs, COPY kopiert nur.',
        'Replace ADD with COPY': 'ADD durch COPY ersetzen',
        'Multiple {0} instructions in one stage: only the last one (line {1}) takes effect.':
          'Mehrere {0}-Anweisungen in einer Stage: nur die letzte (Zeile {1}) wirkt.',
        'Remove this {0} (it has no effect)': {
          message: 'Dieses {0} entfernen (wirkungslos)',
          comment: ['{0} is CMD, ENTRYPOINT or HEALTHCHECK'],
        },
        'This leaves {0} in the layer. Clean it in the same RUN: `&& {1}`, or use a cache mount.':
          'Damit bleibt {0} im Layer. Im selben RUN aufräumen: `&& {1}`, oder einen Cache-Mount verwenden.',
        "npm's cache": 'der npm-Cache',
      }),
    );
  });
  after(() => {
    loadTranslations(undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('analyzeModel reports in the loaded language, placeholders and cache names in place, English for what the bundle lacks', () => {
    assert.equal(loadTranslations('de-DE', dir), path.join(dir, 'bundle.l10n.de.json'));
    const de = texts();
    assert.deepEqual(de.get('add-instead-of-copy'), {
      message: 'Verwenden Sie COPY statt ADD für lokale Dateien: ADD entpackt auch Archive und lädt URLs, COPY kopiert nur.',
      titles: ['ADD durch COPY ersetzen'],
    });
    assert.deepEqual(de.get('multiple-cmd-entrypoint'), {
      message: 'Mehrere CMD-Anweisungen in einer Stage: nur die letzte (Zeile 5) wirkt.',
      titles: ['Dieses CMD entfernen (wirkungslos)'],
    });
    assert.deepEqual(de.get('package-cache-not-cleaned'), {
      message:
        'Damit bleibt der npm-Cache im Layer. Im selben RUN aufräumen: `&& npm cache clean --force`, oder einen Cache-Mount verwenden.',
      titles: ['Append npm cache clean --force'],
    });
  });

  it('analyzeModel reports in English without a bundle for the language, and after switching back', () => {
    for (const locale of ['fr', undefined]) {
      assert.equal(loadTranslations(locale, dir), undefined);
      const en = texts();
      assert.deepEqual(en.get('add-instead-of-copy'), {
        message: 'Use COPY instead of ADD for local files: ADD also unpacks archives and fetches URLs, COPY only copies.',
        titles: ['Replace ADD with COPY'],
      });
      assert.deepEqual(en.get('multiple-cmd-entrypoint'), {
        message: 'Multiple CMD instructions in one stage: only the last one (line 5) takes effect.',
        titles: ['Remove this CMD (it has no effect)'],
      });
      assert.equal(
        en.get('package-cache-not-cleaned')?.message,
        "This leaves npm's cache in the layer. Clean it in the same RUN: `&& npm cache clean --force`, or use a cache mount.",
      );
    }
  });

  it('cache names in messages are the English labels of packages/caches.ts', () => {
    loadTranslations(undefined);
    for (const cache of Object.values(CACHES)) assert.equal(cacheLabel(cache), cache.label, cache.id);
  });

  it('every rule says its messages and fix titles through l10n.t (no string or template literal of their own)', () => {
    const files = ruleFiles();
    assert.ok(files.length > 40, `only ${files.length} rule files`);
    const untranslated = files.flatMap((file) => {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      return lines.flatMap((line, i) =>
        /\b(message|title)(:|\s*=)\s*[`'"]/.test(line) ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
      );
    });
    assert.deepEqual(untranslated, []);
  });
});
