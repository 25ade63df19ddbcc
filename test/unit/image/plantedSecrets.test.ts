// Planted secrets must appear in no output: an image archive (docker-save format) whose history, ENV, labels and
// files hold credentials is rendered in every format (text, Markdown, JSON, the webview payload the server sends),
// and each planted value is looked for. Also: one finding per secret, and control characters never reach output.
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { analyzeImageArchive } from '../../../server/src/core/image/analyzeArchive';
import { formatMarkdown, formatText } from '../../../common/image/textReport';
import { reportJson } from '../../../common/image/reportJson';
import { redactReport, redactText } from '../../../common/image/redact';
import type { ImageReport } from '../../../common/image/types';
import { imageArchive, layerTar } from './archiveBuilder';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTED1KEY';
const KEY_LINES = [
  'MIIEpAIBAAKCAQEAplantedKeyBodyLineOne0000000000000000000000000',
  'plantedKeyBodyLineTwo1111111111111111111111111111111111111111',
];
const KEY = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_LINES.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
const DB_PASSWORD = 's3cretPlantedPw9';
const NPM_TOKEN = 'plantedNpmArg77';
const LABEL_TOKEN = 'plantedLabelTok5';
const ENV_PASSWORD = 'plantedEnvPw33';
const URL_PASSWORD = 'plantedUrlPw88';
const DOTENV_SECRET = 'plantedDotenvSecret4';
const NPMRC_TOKEN = 'npm_plantedNpmrcToken0123456789abcdefghij';
const PLANTED = [AWS_SECRET, ...KEY_LINES, DB_PASSWORD, NPM_TOKEN, LABEL_TOKEN, ENV_PASSWORD, URL_PASSWORD, DOTENV_SECRET, NPMRC_TOKEN];
const HOSTILE_NAME = 'app/\x1b]52;c;cGxhbnRlZA==\x07\x9b31mname\r';

async function plantedReport(): Promise<ImageReport> {
  const layers = [
    await layerTar([
      { name: 'opt/deploy/material', content: KEY },
      { name: 'app/.env', content: `API_SECRET=${DOTENV_SECRET}\nMODE=prod\n` },
    ]),
    await layerTar([
      { name: 'root/.npmrc', content: `//r.example/:_authToken=${NPMRC_TOKEN}\n` },
      { name: HOSTILE_NAME, content: 'x' },
    ]),
    ...(await Promise.all([0, 1, 2, 3, 4].map((i) => layerTar([{ name: `step${i}`, content: String(i) }])))),
  ];
  const npmArg = `|1 NPM_TOKEN=${NPM_TOKEN} /bin/sh -c`;
  const history = [
    {
      created_by: `/bin/sh -c export AWS_SECRET_ACCESS_KEY="${AWS_SECRET}" && printf '${KEY.replace(/\n/g, '\\n')}' > /opt/deploy/material && echo ${DOTENV_SECRET} > /dev/null`,
    },
    {
      created_by: `/bin/sh -c DB_PASSWORD=${DB_PASSWORD} ./migrate --url "postgres://app@db/x?password=${DB_PASSWORD}" && git clone https://bob:${URL_PASSWORD}@git.example/r.git && echo ${NPMRC_TOKEN}`,
    },
    ...[0, 1, 2, 3, 4].map((i) => ({ created_by: `${npmArg} npm ci --step ${i}` })),
  ];
  const archive = await imageArchive({
    layers,
    history,
    env: ['PATH=/bin', `SERVICE_PASSWORD=${ENV_PASSWORD}`],
    labels: { 'org.example.api-token': LABEL_TOKEN, note: `uses ${LABEL_TOKEN}` },
  });
  return analyzeImageArchive(Readable.from([archive]));
}

function assertClean(what: string, output: string): void {
  for (const value of PLANTED) assert.ok(!output.includes(value), `${what} shows ${value}`);
  assert.ok(!output.includes('PRIVATE KEY-----\\n') && !/-----BEGIN RSA PRIVATE KEY-----\s*MII/.test(output), `${what} shows a key block`);
}

describe('planted secrets in every output format', () => {
  let report: ImageReport;
  before(async () => {
    report = await plantedReport();
  });

  it('no planted value in text, Markdown, JSON or the webview payload', () => {
    assertClean('the report object', JSON.stringify(report));
    assertClean('--format text', formatText(report));
    assertClean('--format markdown', formatMarkdown(report));
    assertClean('--format json', JSON.stringify(reportJson(report), null, 2));
    // What the server sends the webview (lsp/analyzeImage.ts): the report through the same redaction.
    assertClean('the webview payload', JSON.stringify({ ok: true, report: redactReport(report) }));
  });

  it('finds each secret once, by name and kind (the build arg on five RUNs too), and the key at a non-standard path', () => {
    const found = report.secrets.map((s) => `${s.where} ${s.path} ${s.kind}`);
    assert.deepEqual(
      found.filter((f) => f.includes('NPM_TOKEN')),
      ['history NPM_TOKEN credential-looking value'],
    );
    for (const expected of [
      'file /opt/deploy/material private key',
      'file /app/.env dotenv file',
      'file /root/.npmrc npm auth token',
      'env SERVICE_PASSWORD credential-looking value',
      'label org.example.api-token credential-looking value',
      'history AWS_SECRET_ACCESS_KEY credential-looking value',
      'history DB_PASSWORD credential-looking value',
    ]) {
      assert.ok(found.includes(expected), `${expected} not in ${found.join(' | ')}`);
    }
    assert.equal(new Set(found).size, found.length, found.join(' | '));
  });

  it('keeps the commands readable: names stay, values become <redacted>', () => {
    assert.match(
      report.layers[0].createdBy,
      /export AWS_SECRET_ACCESS_KEY=<redacted> && printf '<redacted private key>\\n' > \/opt\/deploy\/material/,
    );
    assert.match(
      report.layers[1].createdBy,
      /DB_PASSWORD=<redacted> \.\/migrate .*password=<redacted>.* https:\/\/bob:<redacted>@git\.example/,
    );
    assert.equal(report.layers[2].createdBy, '|1 NPM_TOKEN=<redacted> /bin/sh -c npm ci --step 0');
  });

  it('text and Markdown carry no control character from the image', () => {
    const text = formatText({ ...report, largestFiles: [{ path: '/' + HOSTILE_NAME, bytes: 1 }] });
    const markdown = formatMarkdown({ ...report, largestFiles: [{ path: '/' + HOSTILE_NAME, bytes: 1 }] });
    for (const [what, output] of [
      ['text', text],
      ['markdown', markdown],
    ]) {
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      assert.doesNotMatch(output, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, what);
      assert.ok(output.includes(what === 'text' ? '\\x1b]52;c;' : '\\\\x1b\\]52;c;'), what);
    }
  });

  it('redaction is idempotent and leaves ordinary text alone', () => {
    const once = redactText(`export GITHUB_TOKEN=ghp_${'a'.repeat(36)} && echo hello PATH=/usr/bin`);
    assert.equal(once, 'export GITHUB_TOKEN=<redacted> && echo hello PATH=/usr/bin');
    assert.equal(redactText(once), once);
    assert.equal(
      redactText('apt-get install -y curl && rm -rf /var/lib/apt/lists/*'),
      'apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    );
    // A short value elsewhere only as a word; a long one wherever it is.
    assert.equal(redactText('echo admin > /administration/x', new Set(['admin'])), 'echo <redacted> > /administration/x');
    assert.equal(redactText('cp a.txt /srv/pw-s3cretLongValue/x', new Set(['s3cretLongValue'])), 'cp a.txt /srv/pw-<redacted>/x');
  });
});
