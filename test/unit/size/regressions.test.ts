// Regressions found while dogfooding: stage references and dependency prefetch steps.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { parentStage } from '../../../server/src/core/model/stages';
import { analyzeModel } from '../../../server/src/core/analyze';
import { initShellParser } from '../../../server/src/core/shell/index';

describe('size rule regressions', () => {
  before(() => initShellParser());

  it('a registry image whose last path part equals a stage name is not that stage', () => {
    const model = parseDockerfile('FROM alpine AS build\nRUN true\nFROM ghcr.io/acme/build:1\nFROM build:latest\nFROM build\n');
    assert.equal(parentStage(model, model.stages[1]), undefined);
    assert.equal(parentStage(model, model.stages[2]), undefined);
    assert.equal(parentStage(model, model.stages[3]), model.stages[0]);
  });

  for (const [ecosystem, manifests, prefetch, build] of [
    ['cargo', 'Cargo.toml Cargo.lock', 'cargo fetch', 'cargo build --release'],
    ['gradle', 'build.gradle settings.gradle', './gradlew --no-daemon dependencies', './gradlew --no-daemon build'],
    ['dotnet', 'app.csproj', 'dotnet restore', 'dotnet publish -c Release -o /out'],
  ]) {
    it(`copy-before-deps stays quiet after ${ecosystem}'s manifests were copied and fetched first`, () => {
      const text = `FROM debian:12-slim\nWORKDIR /src\nCOPY ${manifests} ./\nRUN ${prefetch}\nCOPY . .\nRUN ${build}\n`;
      const findings = analyzeModel(parseDockerfile(text)).filter((f) => f.rule === 'copy-before-deps');
      assert.deepEqual(findings, []);
      const withoutPrefetch = `FROM debian:12-slim\nWORKDIR /src\nCOPY . .\nRUN ${build}\n`;
      if (ecosystem === 'cargo') assert.ok(analyzeModel(parseDockerfile(withoutPrefetch)).some((f) => f.rule === 'copy-before-deps'), 'still fires without the prefetch');
    });
  }
});

describe('use-multi-stage for C programs', () => {
  before(() => initShellParser());

  it('offers no conversion when the stage installs runtime libraries the program may need', () => {
    const text = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gcc libc6-dev libssl-dev libssl3\nCOPY app.c /src/app.c\nRUN gcc -o /usr/local/bin/app /src/app.c -lssl\nCMD ["app"]\n';
    const finding = analyzeModel(parseDockerfile(text)).find((f) => f.rule === 'use-multi-stage');
    assert.ok(finding, 'the toolchain is still reported');
    assert.deepEqual(finding.fixes, []);
  });

  it('offers no conversion when a RUN does more than build (its files would be lost)', () => {
    const text = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y gcc libc6-dev\nCOPY app.c /src/app.c\nRUN gcc -o /usr/local/bin/app /src/app.c\nRUN useradd -u 1000 app && mkdir -p /data\nCMD ["app"]\n';
    const finding = analyzeModel(parseDockerfile(text)).find((f) => f.rule === 'use-multi-stage');
    assert.deepEqual(finding?.fixes, []);
  });
});
