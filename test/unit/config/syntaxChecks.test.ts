import * as assert from 'node:assert/strict';
import { syntaxFindings } from '../../../server/src/core/config/syntaxChecks';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';

describe('syntax checks (dockerfile-utils) and rules do not overlap', () => {
  it('syntax errors come from dockerfile-utils', () => {
    const text = 'FROM a:1 AS b1\nFROM c:1 AS 2b\nONBUILD FROM x\nCOPY x y /z\nEXPOSE http\n';
    const messages = syntaxFindings(text).map((f) => `${f.range.start.line + 1}:${f.severity}`);
    assert.deepEqual(messages, ['2:error', '3:error', '4:error', '5:error']);
    const ruleLines = analyzeModel(parseDockerfile(text))
      // Not about these lines' syntax: no USER at all, and stage b1 that nothing uses.
      .filter((f) => f.rule !== 'root-user' && f.rule !== 'unreachable-stage')
      .map((f) => f.range.start.line + 1);
    assert.deepEqual(ruleLines, [], 'no rule repeats them');
  });

  it('what our rules cover is switched off in the syntax checks', () => {
    const cases: [string, string][] = [
      ['FROM a:1 AS b\nFROM c:1 AS b\n', 'duplicate-stage-name'],
      ['FROM a:1\nMAINTAINER me\n', 'maintainer-deprecated'],
      ['FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n', 'multiple-cmd-entrypoint'],
      ['FROM a:1\nCMD ["a"]\nCMD ["b"]\n', 'multiple-cmd-entrypoint'],
      ['FROM a:1\nRUN a \\\n\n  b\n', 'empty-continuation'],
      ['FROM a:1\nWORKDIR rel\n', 'workdir-relative'],
      ['FROM a:1\nrun true\n', 'instruction-casing'],
      ["FROM a:1\nCMD ['a']\n", 'json-args-recommended'],
    ];
    for (const [text, rule] of cases) {
      assert.deepEqual(syntaxFindings(text), [], `syntax checks stay quiet on ${JSON.stringify(text)}`);
      assert.ok(
        analyzeModel(parseDockerfile(text)).some((f) => f.rule === rule),
        `${rule} reports ${JSON.stringify(text)}`,
      );
    }
  });

  it('a quoted folder destination is a folder, as BuildKit reads it', () => {
    assert.deepEqual(syntaxFindings('FROM a:1\nCOPY foo bar "baz/"\nADD a b \'c/\'\n'), []);
    assert.deepEqual(
      syntaxFindings('FROM a:1\nCOPY foo bar "baz"\n').map((f) => f.range.start.line + 1),
      [2],
    );
  });
});
