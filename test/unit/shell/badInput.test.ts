// Hostile text through parse, every rule and the fixes: no exception, and the fixes still yield text. How fast is
// for `npm run bench`; mocha's timeout only catches a hang (a runaway regex or loop).
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { initShellParser, shellScriptOf } from '../../../server/src/core/shell/index';

function pseudoRandomBytes(n: number, seed = 7): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x % 256);
  }
  return s;
}

const CASES: [string, () => string][] = [
  ['binary', () => pseudoRandomBytes(200_000)],
  [
    '10 MB of Dockerfile',
    () => 'FROM debian:bookworm\n' + `RUN apt-get update && apt-get install -y curl && echo ${'x'.repeat(1000)}\nCOPY . .\n`.repeat(10_000),
  ],
  ['a 1 MB line', () => `FROM alpine\nRUN echo ${'x'.repeat(1_000_000)} && apk add curl\n`],
  ['20,000 continuation lines', () => `FROM debian\nRUN apt-get install -y \\\n${'    pkg \\\n'.repeat(20_000)}    last\n`],
  ['an unterminated heredoc', () => 'FROM debian\nRUN <<EOF\napt-get update\nRUN echo never ends "\n'],
  ['CRLF', () => 'FROM debian\r\nRUN apt-get update \\\r\n  && apt-get install -y curl\r\nRUN echo a\r\nRUN echo b\r\n'],
  ['a BOM', () => '\ufeffFROM debian\nRUN apt-get update && apt-get install -y curl\n'],
  ['ENV with nested default', () => 'FROM debian\nENV X=${X:-"default"} Y="${Y:-a b}"\nRUN echo ${X:-"d"} "${Y:+x}"\n'],
  ['unknown instructions', () => 'FROM debian\nFOO bar\nRUNN echo\nRUN\nCOPY\nRUN --mount=\nRUN [\nRUN ["unclosed\n'],
  [
    'Windows escape directive',
    () =>
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Invoke-WebRequest https://x -OutFile C:\\x.zip ; `\n    Remove-Item C:\\x.zip\nCOPY . C:\\app\n',
  ],
  [
    'shell syntax soup',
    () => 'FROM a\nRUN ((( ))) }}} $( `` ${ "\'\\" && || ; | & <<< >>(\nRUN case x in *) ;; esac; if; then fi; for do done\n',
  ],
  ['only continuations', () => 'FROM a\nRUN \\\n\\\n\\\n'],
];

describe('bad input: parse, all rules and fixes never throw', function () {
  this.timeout(120_000);
  before(() => initShellParser());
  for (const [name, make] of CASES) {
    it(name, () => {
      const text = make();
      const errors: string[] = [];
      const options = {
        unsafe: true,
        context: { dockerignoreExists: false },
        onRuleError: (rule: string, e: unknown) => errors.push(`${rule}: ${String(e)}`),
      };
      const model = parseDockerfile(text);
      for (const i of model.instructions) if (i.getKeyword() === 'RUN') shellScriptOf(model, i);
      analyzeModel(model, options);
      const fixed = applyFixes(text, options);
      assert.equal(typeof fixed.text, 'string');
      assert.deepEqual(errors, [], 'no rule threw');
    });
  }
});
