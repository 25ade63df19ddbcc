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
