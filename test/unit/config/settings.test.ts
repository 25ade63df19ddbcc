import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeOptionsFor } from '../../../server/src/lsp/settings';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';

describe('language server: configuration for a document', () => {
  it('finds the .hadolint.yaml above the document; editor settings win over it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-settings-'));
    try {
      fs.mkdirSync(path.join(root, 'svc'));
      fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [DL3007]\noverride:\n  error: [DL3020]\n');
      const uri = pathToFileURL(path.join(root, 'svc', 'Dockerfile')).href;
      const options = analyzeOptionsFor(uri, { editorFeatures: true, rules: { 'from-as-casing': 'off' } });
      assert.deepEqual(options.config?.ignored, ['DL3007']);
      const findings = analyzeModel(parseDockerfile('FROM alpine:latest as b\nADD a /a\n'), options);
      assert.deepEqual(
        findings.filter((f) => f.rule !== 'root-user').map((f) => `${f.rule}:${f.severity}`),
        ['add-instead-of-copy:error'],
      );
      assert.equal(analyzeOptionsFor('untitled:Untitled-1', { editorFeatures: true, rules: {} }).config, undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
