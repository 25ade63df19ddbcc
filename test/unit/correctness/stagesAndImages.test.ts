import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from './ruleHarness';
import { analyzeModel } from '../../../server/src/core/analyze';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { rulesById } from '../../../server/src/core/rules/index';

describe('correctness rules: stages and images', () => {
  describe('numeric-stage-ref', () => {
    it('fires on COPY --from=<index> and names the stage', () => {
      assertFixes('numeric-stage-ref',
        'FROM golang:1.22\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=0 /app /app\n',
        'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n');
    });
    it('reuses an existing name and keeps lower-case keywords', () => {
      assertFixes('numeric-stage-ref',
        'from golang:1.22 as builder\nfrom alpine:3.20\ncopy --from=0 /a /a\ncopy --from=0 /b /b\n',
        'from golang:1.22 as builder\nfrom alpine:3.20\ncopy --from=builder /a /a\ncopy --from=builder /b /b\n');
    });
    it('names two references to one unnamed stage once', () => {
      assertFixes('numeric-stage-ref',
        'FROM a:1\nFROM b:1\nCOPY --from=0 /a /a\nCOPY --from=0 /b /b\n',
        'FROM a:1 AS build\nFROM b:1\nCOPY --from=build /a /a\nCOPY --from=build /b /b\n');
    });
    it('stays quiet on names, images and forward indexes', () => {
      assert.deepEqual(lines('numeric-stage-ref', 'FROM a:1 AS b\nFROM c:1\nCOPY --from=b /x /x\nCOPY --from=nginx:1 /y /y\nCOPY --from=5 /z /z\n'), []);
    });
  });

  describe('latest-tag and untagged-image', () => {
    it('latest-tag fires on :latest only', () => {
      assert.deepEqual(lines('latest-tag', 'FROM alpine:latest\nFROM alpine:3.20\nFROM alpine\nFROM alpine:latest@sha256:' + 'a'.repeat(64) + '\n'), [1]);
    });
    it('untagged-image fires on images without tag or digest', () => {
      const text = 'FROM ubuntu AS base\nFROM base\nFROM scratch\nFROM ${IMAGE}\nFROM alpine@sha256:' + 'a'.repeat(64) + '\nFROM ghcr.io/org/tool\n';
      assert.deepEqual(lines('untagged-image', text), [1, 6]);
    });
    it('offers no fix (pinning needs a registry)', () => {
      assert.deepEqual(findings('latest-tag', 'FROM node:latest\n')[0].fixes, []);
    });
  });

  describe('from-as-casing', () => {
    it('fixes `FROM x as y`', () => {
      assertFixes('from-as-casing', 'FROM node:20 as build\nfrom node:20 AS b2\n', 'FROM node:20 AS build\nfrom node:20 as b2\n');
    });
    it('accepts matching casing', () => {
      assert.deepEqual(lines('from-as-casing', 'FROM node:20 AS build\nfrom node:20 as b2\n'), []);
    });
  });

  describe('stage-name-casing', () => {
    it('lower-cases the name and every reference', () => {
      assertFixes('stage-name-casing',
        'FROM golang:1.22 AS Builder\nFROM Builder AS test\nFROM alpine:3\nCOPY --from=Builder /a /a\nRUN --mount=type=bind,from=BUILDER,target=/x true\n',
        'FROM golang:1.22 AS builder\nFROM builder AS test\nFROM alpine:3\nCOPY --from=builder /a /a\nRUN --mount=type=bind,from=builder,target=/x true\n');
    });
    it('accepts lower-case names', () => {
      assert.deepEqual(lines('stage-name-casing', 'FROM a:1 AS build-1\n'), []);
    });
  });

  describe('duplicate-stage-name and reserved-stage-name', () => {
    it('reports the second definition, case-insensitively', () => {
      assert.deepEqual(lines('duplicate-stage-name', 'FROM a:1 AS build\nFROM b:1 AS Build\nFROM c:1 AS other\n'), [2]);
    });
    it('accepts unique names', () => {
      assert.deepEqual(lines('duplicate-stage-name', 'FROM a:1 AS a\nFROM b:1 AS b\n'), []);
    });
    it('reports scratch and context as stage names', () => {
      assert.deepEqual(lines('reserved-stage-name', 'FROM a:1 AS scratch\nFROM b:1 AS context\nFROM c:1 AS ok\n'), [1, 2]);
    });
  });

  describe('undefined-arg-in-from and invalid-default-arg-in-from', () => {
    it('reports FROM variables no global ARG declares, with a typo fix', () => {
      const text = 'ARG VERSION=1\nFROM alpine:${VERSON}\nFROM --platform=$BUILDPLATFORM alpine:${VERSION}\nFROM ${UNKNOWN_IMAGE}\n';
      assert.deepEqual(lines('undefined-arg-in-from', text), [2, 4]);
      assertFixes('undefined-arg-in-from', 'ARG VERSION=1\nFROM alpine:${VERSON}\n', 'ARG VERSION=1\nFROM alpine:${VERSION}\n');
    });
    it('does not count ARGs declared after the first FROM', () => {
      assert.deepEqual(lines('undefined-arg-in-from', 'FROM a:1\nARG TAG=2\nFROM b:${TAG}\n'), [3]);
    });
    it('reports an ARG without default used in FROM, unless the use has its own default', () => {
      assert.deepEqual(lines('invalid-default-arg-in-from', 'ARG TAG\nARG BASE\nARG OK=1\nFROM alpine:${TAG}\nFROM ${BASE:-debian}:${OK}\n'), [4]);
    });
  });

  describe('copy-from-stage', () => {
    it('reports later stages, own stage and typos', () => {
      const text = 'FROM a:1 AS builder\nFROM b:1 AS final\nCOPY --from=final /x /x\nCOPY --from=later /y /y\nCOPY --from=buidler /z /z\nFROM c:1 AS later\n';
      assert.deepEqual(lines('copy-from-stage', text), [3, 4, 5]);
      assertFixes('copy-from-stage', 'FROM a:1 AS builder\nFROM b:1\nCOPY --from=buidler /z /z\n', 'FROM a:1 AS builder\nFROM b:1\nCOPY --from=builder /z /z\n');
    });
    it('treats unknown plain names as a named build context (info)', () => {
      const [finding] = findings('copy-from-stage', 'FROM a:1\nCOPY --from=templates /t /t\n');
      assert.equal(finding.severity, 'info');
    });
    it('accepts earlier stages, images and variables', () => {
      assert.deepEqual(lines('copy-from-stage', 'FROM a:1 AS build\nFROM b:1\nCOPY --from=build /a /a\nCOPY --from=nginx:1.27 /b /b\nCOPY --from=$STAGE /c /c\nCOPY --from=0 /d /d\n'), []);
    });
  });

  describe('from-platform-flag', () => {
    it('removes a redundant $TARGETPLATFORM and reports constants', () => {
      assertFixes('from-platform-flag', 'FROM --platform=$TARGETPLATFORM alpine:3\n', 'FROM alpine:3\n');
      assert.deepEqual(lines('from-platform-flag', 'FROM --platform=linux/amd64 alpine:3\nFROM --platform=$BUILDPLATFORM golang:1\n'), [1]);
    });
  });

  describe('root-user', () => {
    it('reports a final USER root', () => {
      assert.deepEqual(lines('root-user', 'FROM a:1\nUSER app\nUSER root\n'), [3]);
      assert.deepEqual(lines('root-user', 'FROM a:1\nUSER 0:0\n'), [2]);
    });
    it('hints when the final stage has no USER at all', () => {
      const [finding] = findings('root-user', 'FROM a:1 AS build\nUSER app\nFROM b:1\nRUN true\n');
      assert.equal(finding.severity, 'hint');
      assert.equal(finding.range.start.line, 2);
    });
    it('accepts an unprivileged final user, also inherited from an earlier stage', () => {
      assert.deepEqual(lines('root-user', 'FROM a:1\nUSER root\nRUN apt-get update\nUSER 1000\n'), []);
      assert.deepEqual(lines('root-user', 'FROM a:1 AS base\nUSER app\nFROM base\nRUN true\n'), []);
      assert.deepEqual(lines('root-user', 'FROM a:1\nUSER root\nFROM b:1\nUSER nobody\n'), []);
    });
  });

  describe('secret-in-arg-env', () => {
    it('reports secret-like ARG and ENV names', () => {
      assert.deepEqual(lines('secret-in-arg-env', 'FROM a:1\nARG GITHUB_TOKEN\nENV DB_PASSWORD=x\nARG aws_secret_access_key\nENV API_KEY=1\n'), [2, 3, 4, 5]);
    });
    it('ignores public keys, key ids and paths to secrets', () => {
      assert.deepEqual(lines('secret-in-arg-env', 'FROM a:1\nENV GPG_KEY=ABC\nARG NODE_RELEASE_KEY\nENV PGP_KEY_IDS=1\nENV SSL_KEY_FILE=/k\nARG PUBLIC_KEY\nENV MONKEY=1\nENV TOKENIZER=x\n'), []);
    });
    it('explains RUN --mount=type=secret', () => {
      assert.match(findings('secret-in-arg-env', 'FROM a:1\nARG NPM_TOKEN\n')[0].message, /--mount=type=secret/);
    });
  });

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

  describe('copy-ignored-file', () => {
    const dockerignore = { file: '/ctx/.dockerignore', patterns: ['node_modules', '*.md', '!README.md', 'secrets/', '.git'] };
    it('reports sources that .dockerignore excludes', () => {
      const text = 'FROM node:22\nCOPY package.json CHANGELOG.md ./\nCOPY README.md ./\nCOPY ./secrets/key.pem /k\nADD ["node_modules", "/n/"]\nCOPY --from=build /app/node_modules /n\n';
      const found = findings('copy-ignored-file', text, { context: { dockerignore } });
      assert.deepEqual(found.map((f) => f.range.start.line + 1), [2, 4, 5]);
      assert.match(found[0].message, /CHANGELOG\.md.*\.dockerignore/);
    });
    it('is silent without a .dockerignore and for wildcards, variables, URLs and the whole context', () => {
      assert.deepEqual(lines('copy-ignored-file', 'FROM a:1\nCOPY CHANGELOG.md ./\n'), []);
      const text = 'FROM a:1\nCOPY *.md ./\nCOPY $DOCS ./\nADD https://example.com/x.md /x\nCOPY . .\n';
      assert.deepEqual(findings('copy-ignored-file', text, { context: { dockerignore } }), []);
    });
  });
});
