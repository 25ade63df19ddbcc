// use-multi-stage: the golden files, and beyond them: runtime image choice per tag, CRLF files, the whole rule set on the
// build fixtures (what `layerwise fix --unsafe` does), and the cases where a conversion must be refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { From } from '../../../../server/src/core/model/syntax/index';
import { parseDockerfile } from '../../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../../server/src/core/analyze';
import { applyFixes } from '../../../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { nodeRuntimeImage } from '../../../../server/src/core/rules/size/support/multiStageNode';
import { jreImage } from '../../../../server/src/core/rules/size/support/multiStageJava';
import { SIZE_FIXTURES as FIXTURES, sizeFindings, sizeFixtureTests } from '../harness';

const BUILD_FIXTURES = path.resolve(__dirname, '../../../../../test/fixtures/build');
const GOLDEN = path.join(FIXTURES, 'use-multi-stage');

/**
 * Each no-fix fixture of the new conversions differs from a convertible Dockerfile by one blocker: removing it
 * must bring the fix back, so the fixture is refused for the reason it was written for.
 */
const BLOCKERS: Record<string, [RegExp, string]> = {
  'node-global-tool': [/RUN npm install -g pm2\n/, ''],
  'node-copy-outside-app': [/COPY nginx.conf .*\n/, ''],
  'node-yarn-berry': [/--immutable/, '--frozen-lockfile'],
  'node-debian-nodejs': [/FROM debian:bookworm\nRUN .*\n/, 'FROM node:22\n'],
  'node-corepack-runtime': [/CMD \["pnpm", "start"\]/, 'CMD ["node", "dist/index.js"]'],
  'python-library-headers': [/ libpq-dev/, ''],
  'python-user-install': [/--user /, ''],
  'python-other-command': [/RUN python manage.py .*\n/, ''],
  'rust-shell-cmd': [/CMD .*/, 'CMD ["./target/release/app", "--port", "8080"]'],
  'rust-alpine': [/-alpine/, ''],
  'rust-cargo-install': [/cargo install --path \./, 'cargo build --release && cp target/release/app /usr/local/bin/app'],
  'rust-config-file': [/, "--config", "config.toml"/, ''],
  'java-openjdk': [/openjdk-17/, 'eclipse-temurin-17'],
  'java-jar-glob': [/target\/\*\.jar/, 'target/app.jar'],
  'java-healthcheck': [/HEALTHCHECK .*\n/, ''],
};
const fromOf = (image: string) => parseDockerfile(`FROM ${image}\n`).stages[0].from as From;
const multiStage = (text: string) => sizeFindings('use-multi-stage', text);

describe('use-multi-stage', () => {
  before(() => initShellParser());

  sizeFixtureTests('use-multi-stage');

  it('picks the Node runtime image from the tag: -slim where the official image has one, else the same image', () => {
    const cases: [string, string][] = [
      ['node:22', 'node:22-slim'],
      ['node:20.11.1', 'node:20.11.1-slim'],
      ['node:lts-bookworm', 'node:lts-bookworm-slim'],
      ['node', 'node:slim'],
      ['node:latest', 'node:slim'],
      ['node:22-alpine', 'node:22-alpine'],
      ['node:22-slim', 'node:22-slim'],
      ['node:${V}', 'node:${V}'],
      ['layerwise-test/node:bookworm', 'layerwise-test/node:bookworm'],
      [
        'node:22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        'node:22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      ],
    ];
    for (const [image, runtime] of cases) assert.equal(nodeRuntimeImage(fromOf(image)), runtime, image);
  });

  it('picks the Temurin JRE only when the build image names the JDK it is built on', () => {
    const cases: [string, string | undefined][] = [
      ['maven:3-eclipse-temurin-17', 'eclipse-temurin:17-jre'],
      ['maven:3.9.6-eclipse-temurin-21-alpine', 'eclipse-temurin:21-jre-alpine'],
      ['gradle:8.7-jdk21-jammy', 'eclipse-temurin:21-jre-jammy'],
      ['gradle:jdk17', 'eclipse-temurin:17-jre'],
      ['eclipse-temurin:17-jdk', 'eclipse-temurin:17-jre'],
      ['eclipse-temurin:17.0.10_7-jdk-jammy', 'eclipse-temurin:17.0.10_7-jre-jammy'],
      ['maven:3-openjdk-17', undefined],
      ['maven:3-amazoncorretto-17', undefined],
      ['gradle:8.7-jdk21-graal', undefined],
      ['maven', undefined],
    ];
    for (const [image, runtime] of cases) assert.equal(jreImage(fromOf(image)), runtime, image);
  });

  it('keeps CRLF line endings in the converted file', () => {
    const text = 'FROM node:22\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci && npm run build\r\nCMD ["node", "dist/index.js"]\r\n';
    const fixed = applyFixes(text, { onlyRules: ['use-multi-stage'], unsafe: true, pragmas: false }).text;
    assert.match(fixed, /FROM node:22-slim\r\n/);
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.deepEqual(multiStage(fixed), [], 'the rule no longer fires');
  });

  for (const fixture of ['node-build', 'python-cext']) {
    it(`with every rule's fixes, ${fixture} becomes a build stage and a runtime stage, stable and clean`, () => {
      const text = fs.readFileSync(path.join(BUILD_FIXTURES, fixture, 'Dockerfile'), 'utf8');
      const options = { unsafe: true, context: { dockerignoreExists: true } };
      const fixed = applyFixes(text, options);
      assert.ok(fixed.applied['use-multi-stage'], JSON.stringify(fixed.applied));
      const model = parseDockerfile(fixed.text);
      assert.equal(model.stages.length, 2);
      assert.match(fixed.text, /^COPY --from=build \/app \/app$/m);
      assert.equal(applyFixes(fixed.text, options).text, fixed.text, 'fixing twice is a no-op');
      assert.deepEqual(
        analyzeModel(model).filter((f) => f.rule === 'use-multi-stage'),
        [],
      );
    });
  }

  for (const [name, [blocker, replacement]] of Object.entries(BLOCKERS)) {
    it(`refuses ${name} for its blocker only: without it the conversion is offered`, () => {
      const text = fs.readFileSync(path.join(GOLDEN, `${name}.nofix.Dockerfile`), 'utf8');
      assert.deepEqual(
        multiStage(text).flatMap((f) => f.fixes),
        [],
        'no fix with the blocker',
      );
      assert.match(text, blocker);
      const unblocked = text.replace(blocker, replacement);
      assert.equal(multiStage(unblocked).flatMap((f) => f.fixes).length, 1, `a fix without the blocker:\n${unblocked}`);
    });
  }

  it('refuses a named USER when the runtime image is not the build image (Rust → distroless)', () => {
    const text = 'FROM rust:1.79\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nUSER app\nCMD ["/src/target/release/app"]\n';
    const [finding] = multiStage(text);
    assert.ok(finding, 'fires');
    assert.deepEqual(finding.fixes, []);
    assert.equal(multiStage(text.replace('USER app', 'USER 10001'))[0].fixes.length, 1, 'a numeric USER is fine');
  });

  it('moves a USER that no RUN follows, and keeps one that later RUNs run as in the build stage', () => {
    const text =
      'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /app\nUSER 1000\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n';
    const fixed = applyFixes(text, { onlyRules: ['use-multi-stage'], unsafe: true, pragmas: false }).text;
    const [build, runtime] = fixed.split(/\n\n(?=FROM)/);
    assert.match(build, /^USER 1000$/m, 'the pip install still runs as 1000');
    assert.match(runtime, /COPY --from=build \/app \/app\nENV PATH="\/opt\/venv\/bin:\$PATH"\nUSER 1000\nCMD/);
  });

  it('offers no Node conversion when a RUN leaves the application folder (cd) or the stage is already split', () => {
    const cd = 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN cd /srv && npm ci && npm run build\nCMD ["node", "dist/index.js"]\n';
    assert.deepEqual(multiStage(cd)[0].fixes, []);
    const split = 'FROM node:22 AS deps\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM deps\nRUN npm run build\nCMD ["node", "dist/index.js"]\n';
    assert.deepEqual(
      multiStage(split).flatMap((f) => f.fixes),
      [],
    );
  });

  it('offers no C conversion when the stage installs runtime libraries the program may need', () => {
    const text =
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gcc libc6-dev libssl-dev libssl3\nCOPY app.c /src/app.c\nRUN gcc -o /usr/local/bin/app /src/app.c -lssl\nCMD ["app"]\n';
    const finding = analyzeModel(parseDockerfile(text)).find((f) => f.rule === 'use-multi-stage');
    assert.ok(finding, 'the toolchain is still reported');
    assert.deepEqual(finding.fixes, []);
  });

  it('offers no C conversion when a RUN does more than build (its files would be lost)', () => {
    const text =
      'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gcc libc6-dev\nCOPY app.c /src/app.c\nRUN gcc -o /usr/local/bin/app /src/app.c\nRUN useradd -u 1000 app && mkdir -p /data\nCMD ["app"]\n';
    const finding = analyzeModel(parseDockerfile(text)).find((f) => f.rule === 'use-multi-stage');
    assert.deepEqual(finding?.fixes, []);
  });
  it("tells how to remove the toolchain in the stage's own package manager's words", () => {
    const messageFor = (install: string) =>
      analyzeModel(parseDockerfile(`FROM debian:12-slim\nRUN ${install}\nCMD ["sh"]\n`)).find((f) => f.rule === 'use-multi-stage')
        ?.message ?? '';
    const apt = messageFor('apt-get update && apt-get install -y gcc libc6-dev libssl-dev libssl3');
    assert.match(apt, /`apt-get purge -y --auto-remove gcc libc6-dev libssl-dev`/);
    assert.doesNotMatch(apt, /apk/);
    assert.match(messageFor('apk add gcc musl-dev'), /`apk add --virtual \.build-deps gcc musl-dev && … && apk del \.build-deps`/);
    const dnf = messageFor('dnf install -y gcc make');
    assert.match(dnf, /`dnf remove -y gcc make`/);
    assert.doesNotMatch(dnf, /apk|apt/);
  });
});
