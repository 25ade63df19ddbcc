import * as assert from 'node:assert/strict';
import { analyzeModel } from '../../../../server/src/core/analyze';
import { parseDockerfile } from '../../../../server/src/core/model/dockerfileModel';
import { rulesById } from '../../../../server/src/core/rules/index';
import { lines } from '../harness';

describe('untrusted-registry', () => {
  it('is silent without trustedRegistries, and checks FROM registries against them', () => {
    const text = 'FROM ubuntu:24.04\nFROM ghcr.io/org/tool:1 AS tool\nFROM registry.example.com:5000/base:1\nFROM tool\nFROM quay.io/x/y:1\n';
    assert.deepEqual(lines('untrusted-registry', text), []);
    const config = { ignored: [], override: {}, trustedRegistries: ['docker.io', '*.example.com:5000', 'ghcr.io'] };
    const findings = analyzeModel(parseDockerfile(text), { rules: [rulesById.get('untrusted-registry')!], config });
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [5]);
    assert.match(findings[0].message, /quay\.io/);
  });
});
