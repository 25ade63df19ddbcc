// The layout's boundaries are rules, not a diagram: eslint.config.mjs's no-restricted-imports rejects an import
// across them. Each case lints a one-line file placed (virtually) in a folder, with the repository's own config.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../../harness/paths';

/** The rule ids ESLint reports for `text` as if it were the file at `file` (relative to the repository). */
async function lintAs(eslint: ESLint, file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: join(REPO_ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint: import boundaries', function () {
  this.timeout(60_000); // loading typescript-eslint is slow on a busy machine; nothing here is timed
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: REPO_ROOT });
  });

  const illegal: [string, string, string][] = [
    [
      'client imports server sources',
      'client/src/example.ts',
      "import { formatBytes } from '../../server/src/lsp/convert';\nexport const s = formatBytes(1);\n",
    ],
    [
      'client imports server sources (deep)',
      'client/src/analyze/example.ts',
      "import type { Rule } from '../../../server/src/core/rules/rule';\nexport type R = Rule;\n",
    ],
    [
      'core imports vscode-languageserver',
      'server/src/core/example.ts',
      "import { Range } from 'vscode-languageserver';\nexport const r = Range.create(0, 0, 0, 0);\n",
    ],
    [
      'core imports vscode-languageserver-protocol',
      'server/src/core/rules/example.ts',
      "import type { Diagnostic } from 'vscode-languageserver-protocol';\nexport type D = Diagnostic;\n",
    ],
    [
      'core imports the LSP adapter',
      'server/src/core/config/example.ts',
      "import { documentPath } from '../../lsp/settings';\nexport const p = documentPath('file:///a');\n",
    ],
    [
      'CLI imports vscode-languageserver/node',
      'server/src/cli/example.ts',
      "import { createConnection } from 'vscode-languageserver/node';\nexport const c = createConnection;\n",
    ],
    ['server imports vscode', 'server/src/lsp/example.ts', "import * as vscode from 'vscode';\nexport const w = vscode.workspace;\n"],
    ['common imports vscode', 'common/example.ts', "import * as vscode from 'vscode';\nexport const w = vscode.workspace;\n"],
    [
      'common imports the server',
      'common/image/example.ts',
      "import type { Finding } from '../../server/src/core/types';\nexport type F = Finding;\n",
    ],
    [
      'common imports an LSP package',
      'common/example.ts',
      "import { NotificationType } from 'vscode-languageserver-protocol';\nexport const n = new NotificationType('x');\n",
    ],
  ];
  for (const [what, file, text] of illegal) {
    it(`rejects: ${what}`, async () => {
      assert.deepEqual(await lintAs(eslint, file, text), ['no-restricted-imports']);
    });
  }

  const legal: [string, string, string][] = [
    [
      'client imports common/',
      'client/src/example.ts',
      "import { formatBytes } from '../../common/format';\nexport const s = formatBytes(1);\n",
    ],
    [
      'client imports vscode and the language client',
      'client/src/example.ts',
      "import * as vscode from 'vscode';\nimport { LanguageClient } from 'vscode-languageclient/node';\nexport const x = [vscode.workspace, LanguageClient];\n",
    ],
    [
      'core imports common/ and core',
      'server/src/core/image/example.ts',
      "import type { ImageReport } from '../../../../common/image/types';\nimport type { Finding } from '../types';\nexport type X = [ImageReport, Finding];\n",
    ],
    [
      'the LSP adapter imports vscode-languageserver and core',
      'server/src/lsp/example.ts',
      "import { Range } from 'vscode-languageserver';\nimport type { Finding } from '../core/types';\nexport const r: [unknown, Finding?] = [Range];\n",
    ],
    [
      'common/protocol.ts imports the protocol package',
      'common/protocol.ts',
      "import { NotificationType } from 'vscode-languageserver-protocol';\nexport const n = new NotificationType('x');\n",
    ],
  ];
  for (const [what, file, text] of legal) {
    it(`accepts: ${what}`, async () => {
      assert.deepEqual(await lintAs(eslint, file, text), []);
    });
  }
});
