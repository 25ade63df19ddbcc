// Findings kept per RUN script across versions (rules/perScript.ts): an
// unchanged RUN reuses them, a changed one, a changed context or another language computes them again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser, shellScriptOf, type ShellScript } from '../../../server/src/core/shell/index';
import { PerScript } from '../../../server/src/core/rules/perScript';
import { loadTranslations } from '../../../server/src/core/l10n';

const TEXT = 'FROM a\nRUN apt-get install x\nENV A=1\nRUN make\n';

function runs(text: string, previous?: ReturnType<typeof parseDockerfile>) {
  const model = parseDockerfile(text, previous);
  return { model, scripts: model.instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => shellScriptOf(model, i)) };
}

describe('PerScript', () => {
  before(() => initShellParser());
  after(() => loadTranslations(undefined));

  it('reuses what it computed for an unchanged RUN of a later version, and computes a changed one again', () => {
    const kept = new PerScript<string>();
    const computed: string[] = [];
    const compute = (s: ShellScript) => {
      computed.push(s.commands[0].name);
      return s.commands[0].name;
    };
    const first = runs(TEXT);
    first.scripts.forEach((s) => kept.of(s, compute));
    const second = runs(TEXT.replace('make', 'make all'), first.model);
    assert.deepEqual(
      second.scripts.map((s) => kept.of(s, compute)),
      ['apt-get', 'make'],
    );
    assert.deepEqual(computed, ['apt-get', 'make', 'make']);
  });

  it('computes again when the context or the language differs', () => {
    const kept = new PerScript<number>();
    let calls = 0;
    const compute = () => ++calls;
    const [script] = runs(TEXT).scripts;
    assert.equal(kept.of(script, compute, 'a'), 1);
    assert.equal(kept.of(script, compute, 'a'), 1);
    assert.equal(kept.of(script, compute, 'b'), 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-l10n-'));
    try {
      fs.writeFileSync(path.join(dir, 'bundle.l10n.de.json'), '{}');
      loadTranslations('de', dir);
      assert.equal(kept.of(script, compute, 'b'), 3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
