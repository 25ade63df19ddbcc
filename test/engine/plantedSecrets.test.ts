// Planted secrets in a really built image (BuildKit history, build args on every RUN, ENV, LABEL, a key file at a
// non-standard path): `layerwise analyze` in every format and the server's Analyze answer (what the webview shows)
// must contain none of the planted values.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspTestClient } from '../protocol/lspClient';
import { requireBaseImage } from '../helpers/docker';
import { buildImage, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { analyzeImageRequest, engineSettingsNotification } from '../../common/protocol';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED2KEY';
const KEY_LINE = 'MIIEpAIBAAKCAQEAplantedEngineKeyLine000000000000000000000000000';
const FILE_KEY_LINE = 'plantedKeyFileBodyLine11111111111111111111111111111111111111';
const DB_PASSWORD = 's3cretPlantedDbPw7';
const NPM_TOKEN = 'plantedNpmBuildArg66';
const ENV_PASSWORD = 'plantedEnvPassword5';
const LABEL_TOKEN = 'plantedLabelToken4';
const PLANTED = [AWS_SECRET, KEY_LINE, FILE_KEY_LINE, DB_PASSWORD, NPM_TOKEN, ENV_PASSWORD, LABEL_TOKEN];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertClean(what: string, output: string): void {
  for (const value of PLANTED) assert.ok(!output.includes(value), `${what} shows ${value}`);
}

describe('engine: planted secrets in a built image reach no output', function () {
  this.timeout(300_000);
  let tag: string;
  before(async () => {
    const busybox = await requireBaseImage('busybox');
    const context = makeContext({
      Dockerfile: [
        `FROM ${busybox}`,
        'ARG NPM_TOKEN',
        `ENV SERVICE_PASSWORD=${ENV_PASSWORD}`,
        `LABEL org.example.api-token=${LABEL_TOKEN}`,
        `RUN export AWS_SECRET_ACCESS_KEY="${AWS_SECRET}" && echo configured`,
        `RUN DB_PASSWORD=${DB_PASSWORD} sh -c 'echo migrate' && echo ${DB_PASSWORD} > /pw`,
        `RUN printf '%s\\n' "-----BEGIN RSA PRIVATE KEY-----" "${KEY_LINE}" "-----END RSA PRIVATE KEY-----" > /opt-key`,
        'COPY material /srv/deploy/material',
        ...[1, 2, 3, 4, 5].map((i) => `RUN echo step ${i} > /step${i}`),
        '',
      ].join('\n'),
      material: `-----BEGIN OPENSSH PRIVATE KEY-----\n${FILE_KEY_LINE}\n-----END OPENSSH PRIVATE KEY-----\n`,
    });
    tag = await buildImage('buildkit', context, uniqueTag('secrets'), ['--build-arg', `NPM_TOKEN=${NPM_TOKEN}`]);
  });
  after(removeTestImages);

  it('analyze --format text, markdown and json show none of the planted values', () => {
    for (const format of ['text', 'markdown', 'json']) {
      const r = cli(['analyze', '--format', format, tag]);
      assert.equal(r.status, 0, r.stderr);
      assertClean(`--format ${format}`, r.stdout + r.stderr);
    }
  });

  it('finds each secret once, the key file at a non-standard path too', () => {
    const report = JSON.parse(cli(['analyze', '--format', 'json', tag]).stdout) as {
      secrets: { where: string; path: string; kind: string }[];
    };
    const found = report.secrets.map((s) => `${s.where} ${s.path} ${s.kind}`);
    assert.deepEqual(
      found.filter((f) => f.includes('NPM_TOKEN')),
      ['history NPM_TOKEN credential-looking value'],
      found.join(' | '),
    );
    for (const expected of [
      'file /srv/deploy/material private key',
      'env SERVICE_PASSWORD credential-looking value',
      'label org.example.api-token credential-looking value',
      'history AWS_SECRET_ACCESS_KEY credential-looking value',
      'history DB_PASSWORD credential-looking value',
    ]) {
      assert.ok(found.includes(expected), `${expected} not in ${found.join(' | ')}`);
    }
  });

  it("the server's Analyze answer (the webview data) shows none of them", async () => {
    const client = new LspTestClient();
    try {
      await client.initialize({ editorFeatures: false, trusted: true });
      await client.connection.sendNotification(engineSettingsNotification.method, { host: '', trusted: true });
      const result = await client.connection.sendRequest(analyzeImageRequest, { image: tag });
      assert.ok(result.ok, JSON.stringify(result));
      assertClean('the webview payload', JSON.stringify(result));
    } finally {
      client.kill();
    }
  });
});
