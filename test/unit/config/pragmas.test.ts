import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { parseCheckDirective } from '../../../server/src/core/config/pragmas';
import { ignorePragmaEdit } from '../../../server/src/core/fix/ignorePragma';
import { applyEdits } from '../../../server/src/core/fix/applyFixes';

const rulesAt = (text: string) => analyzeModel(parseDockerfile(text)).map((f) => `${f.range.start.line + 1}:${f.rule}`);

describe('pragmas', () => {
  it('`# hadolint ignore=DL…` silences the mapped rules on the next instruction only', () => {
    const text = 'FROM alpine:3\n# hadolint ignore=DL3020,DL3007\nADD a /a\nADD b /b\n';
    assert.deepEqual(
      rulesAt(text).filter((r) => r.endsWith('add-instead-of-copy')),
      ['4:add-instead-of-copy'],
    );
  });

  it('finds the pragma anywhere in the comment block above, and covers continuation lines', () => {
    const text = 'FROM alpine:3\n# layerwise ignore=legacy-key-value-format\n# why: upstream style\nENV A \\\n  1\n';
    assert.deepEqual(
      rulesAt(text).filter((r) => r.includes('legacy')),
      [],
    );
  });

  it('accepts BuildKit check names and our ids in hadolint-style pragmas', () => {
    const text = 'FROM alpine:3 as build\n# hadolint ignore=FromAsCasing\nFROM alpine:3 as b2\n';
    assert.deepEqual(
      rulesAt(text).filter((r) => r.includes('from-as-casing')),
      ['1:from-as-casing'],
    );
  });

  it('global ignore applies to the whole file, wherever it is', () => {
    const text = 'FROM alpine:latest\nADD a /a\n# hadolint global ignore=DL3020\nADD b /b\n# layerwise global ignore=latest-tag\n';
    assert.deepEqual(
      rulesAt(text).filter((r) => /add-instead|latest/.test(r)),
      [],
    );
  });

  it('stage ignore applies to the rest of one stage', () => {
    const text = 'FROM alpine:3 AS a\nADD a /a\n# layerwise stage ignore=DL3020\nADD b /b\nFROM alpine:3\nADD c /c\n';
    assert.deepEqual(
      rulesAt(text).filter((r) => r.includes('add-instead')),
      ['2:add-instead-of-copy', '6:add-instead-of-copy'],
    );
  });

  it('ignores pragmas inside heredoc bodies', () => {
    const text = 'FROM alpine:3\nRUN <<EOF\n# hadolint global ignore=DL3020\nEOF\nADD a /a\n';
    assert.deepEqual(
      rulesAt(text).filter((r) => r.includes('add-instead')),
      ['5:add-instead-of-copy'],
    );
  });

  describe('# check= directive', () => {
    it('parses skip lists, skip=all and error=true at the top only', () => {
      assert.deepEqual(
        parseCheckDirective(['# syntax=docker/dockerfile:1', '# check=skip=StageNameCasing,FromAsCasing;error=true', 'FROM a']),
        { skip: ['StageNameCasing', 'FromAsCasing'], error: true },
      );
      assert.deepEqual(parseCheckDirective(['\uFEFF# check=skip=all']), { skip: 'all', error: false });
      // A reason after ` //` (as BuildKit's own tests write) is not part of the value.
      assert.deepEqual(parseCheckDirective(['# check=skip=all // local reason']), { skip: 'all', error: false });
      assert.deepEqual(parseCheckDirective(['# check=skip=StageNameCasing // why']), { skip: ['StageNameCasing'], error: false });
      assert.equal(parseCheckDirective(['FROM a', '# check=skip=all']), undefined);
      assert.equal(parseCheckDirective(['# a comment', '# check=skip=all']), undefined);
    });
    it('is still a directive after leading blank lines, as BuildKit reads it', () => {
      assert.deepEqual(parseCheckDirective(['', '  ', '# check=skip=FromAsCasing', 'FROM a']), { skip: ['FromAsCasing'], error: false });
      assert.deepEqual(
        rulesAt('\n\n# check=skip=FromAsCasing\nFROM alpine:3 as build\n').filter((r) => r.includes('from-as-casing')),
        [],
      );
      assert.deepEqual(
        rulesAt('FROM alpine:3\n\n# check=skip=FromAsCasing\nFROM alpine:3 as build\nFROM alpine:3 as b2\n').filter((r) =>
          r.includes('from-as-casing'),
        ),
        ['5:from-as-casing'],
        'after an instruction it is no directive',
      );
    });
    it('directly above an instruction skips the named checks for that instruction only (BuildKit ≥ 0.27)', () => {
      const text = 'FROM alpine:3\n# check=skip=FromAsCasing\nFROM alpine:3 as build\nFROM alpine:3 as b2\n';
      assert.deepEqual(
        rulesAt(text).filter((r) => r.includes('from-as-casing')),
        ['4:from-as-casing'],
      );
      const all = 'FROM alpine:3 AS a\nMAINTAINER me\n# check=skip=all\nMAINTAINER you\nADD a /a\n';
      assert.deepEqual(
        rulesAt(all).filter((r) => /maintainer|add-instead/.test(r)),
        ['2:maintainer-deprecated', '5:add-instead-of-copy'],
      );
      const other = 'FROM alpine:3\n# check=skip=StageNameCasing\nFROM alpine:3 as build\n';
      assert.deepEqual(
        rulesAt(other).filter((r) => r.includes('from-as-casing')),
        ['3:from-as-casing'],
        'another check is not skipped',
      );
    });
    it('skips the named BuildKit checks and nothing else', () => {
      const text = '# check=skip=FromAsCasing\nFROM alpine:3 as build\nMAINTAINER me\n';
      const rules = rulesAt(text);
      assert.ok(!rules.some((r) => r.includes('from-as-casing')));
      assert.ok(rules.some((r) => r.includes('maintainer-deprecated')));
    });
    it('skip=all turns off every rule that covers a BuildKit check, error=true raises them', () => {
      assert.deepEqual(
        rulesAt('# check=skip=all\nFROM alpine:3 as build\nMAINTAINER me\nADD a /a\n').filter((r) => !r.includes('root-user')),
        ['4:add-instead-of-copy'],
      );
      const findings = analyzeModel(parseDockerfile('# check=error=true\nFROM alpine:3 as build\nADD a /a\n'));
      assert.equal(findings.find((f) => f.rule === 'from-as-casing')?.severity, 'error');
      assert.equal(findings.find((f) => f.rule === 'add-instead-of-copy')?.severity, 'warning');
    });
  });

  describe('ignorePragmaEdit', () => {
    it('writes a pragma the analyser honours, merges a second id, keeps indentation and CRLF', () => {
      let text = 'FROM alpine:latest\r\n  ADD a \\\r\n    /a\r\n';
      let model = parseDockerfile(text);
      text = applyEdits(text, [ignorePragmaEdit(model, 2, 'add-instead-of-copy')]);
      assert.equal(text, 'FROM alpine:latest\r\n  # layerwise ignore=add-instead-of-copy\r\n  ADD a \\\r\n    /a\r\n');
      assert.deepEqual(
        rulesAt(text).filter((r) => r.includes('add-instead')),
        [],
      );
      model = parseDockerfile(text);
      text = applyEdits(text, [ignorePragmaEdit(model, 2, 'legacy-key-value-format')]);
      assert.equal(text.split('\r\n')[1], '  # layerwise ignore=add-instead-of-copy,legacy-key-value-format');
      model = parseDockerfile(text);
      assert.equal(applyEdits(text, [ignorePragmaEdit(model, 2, 'legacy-key-value-format')]), text, 'idempotent');
    });
  });
});
