import * as assert from 'node:assert/strict';
import { analyzeModel } from '../../../../server/src/core/analyze';
import { parseDockerfile } from '../../../../server/src/core/model/dockerfileModel';
import { rulesById } from '../../../../server/src/core/rules/index';
import { lines } from '../harness';

describe('untrusted-registry', () => {
  it('is silent without trustedRegistries, and checks FROM registries against them', () => {
    const text =
      'FROM ubuntu:24.04\nFROM ghcr.io/org/tool:1 AS tool\nFROM registry.example.com:5000/base:1\nFROM tool\nFROM quay.io/x/y:1\n';
    assert.deepEqual(lines('untrusted-registry', text), []);
    const config = { ignored: [], override: {}, trustedRegistries: ['docker.io', '*.example.com:5000', 'ghcr.io'] };
    const findings = analyzeModel(parseDockerfile(text), { rules: [rulesById.get('untrusted-registry')!], config });
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [5],
    );
    assert.match(findings[0].message, /quay\.io/);
  });

  const lint = (text: string, trustedRegistries: string[]) =>
    analyzeModel(parseDockerfile(text), {
      rules: [rulesById.get('untrusted-registry')!],
      config: { ignored: [], override: {}, trustedRegistries },
    }).map((f) => f.range.start.line + 1);

  it('reads trustedRegistries as globs: "*" trusts every registry', () => {
    const text = 'FROM quay.io/x/y:1\nFROM ubuntu:24.04\nFROM registry.example.com:5000/base:1\n';
    assert.deepEqual(lint(text, ['*']), []);
    assert.deepEqual(lint(text, ['docker.io', 'registry.example.com:*']), [1]);
    assert.deepEqual(lint(text, ['docker.io', 'qua?.io']), [3]);
    assert.deepEqual(lint(text, ['*.io']), [3], 'a glob is not a trust-all');
  });

  it('checks the images COPY --from= and RUN --mount=…,from= pull, not stages', () => {
    const text =
      'FROM ubuntu:24.04 AS build\nCOPY --from=quay.io/x/tool:1 /bin/tool /bin/\nCOPY --from=build /a /b\nCOPY --from=0 /a /c\n' +
      'RUN --mount=type=bind,from=ghcr.io/org/src:1,target=/src true\nRUN --mount=type=cache,target=/c,from=build true\nCOPY --from=alpine:3 /etc/os-release /\n';
    assert.deepEqual(lint(text, ['docker.io']), [2, 5]);
    assert.deepEqual(lint(text, ['docker.io', 'quay.io', 'ghcr.io']), []);
  });
});
