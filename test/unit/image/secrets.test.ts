import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  classifySecretFile,
  classifyVariable,
  historyVariables,
  isSecretCandidatePath,
  metadataSecrets,
} from '../../../common/image/secrets';
import { analyzeImageArchive } from '../../../server/src/core/image/analyzeArchive';
import { imageArchive, layerTar } from './archiveBuilder';

const TOKEN = 'npm_abcdefghijklmnopqrstuvwxyz0123456789';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';

describe('secret detection', () => {
  it('picks candidate files by path only', () => {
    for (const p of [
      'root/.npmrc',
      'home/u/.git-credentials',
      'app/.env',
      'app/.env.production',
      'root/.aws/credentials',
      'root/.docker/config.json',
      'root/.ssh/id_ed25519',
      'etc/ssl/private/server.key',
      'x.pem',
    ]) {
      assert.ok(isSecretCandidatePath(p), p);
    }
    for (const p of ['app/index.js', 'etc/credentials', 'app/config.json', 'envoy']) assert.ok(!isSecretCandidatePath(p), p);
  });

  it('classifies files by their first bytes and ignores harmless ones', () => {
    assert.equal(classifySecretFile('root/.npmrc', `registry=https://r.example/\n//r.example/:_authToken=${TOKEN}\n`), 'npm auth token');
    assert.equal(classifySecretFile('root/.npmrc', 'registry=https://r.example/\n'), undefined);
    assert.equal(classifySecretFile('root/.git-credentials', 'https://bob:hunter2@git.example.com\n'), 'git credentials');
    assert.equal(classifySecretFile('root/.ssh/id_rsa', KEY), 'private key');
    assert.equal(classifySecretFile('etc/ssl/cert.pem', '-----BEGIN CERTIFICATE-----\n'), undefined);
    assert.equal(
      classifySecretFile('root/.aws/credentials', '[default]\naws_access_key_id = AKIA...\naws_secret_access_key = abc\n'),
      'AWS credentials',
    );
    assert.equal(
      classifySecretFile('root/.docker/config.json', '{"auths":{"r.example":{"auth":"Ym9iOmh1bnRlcjI="}}}'),
      'Docker registry credentials',
    );
    assert.equal(classifySecretFile('root/.docker/config.json', '{"auths":{}}'), undefined);
    assert.equal(classifySecretFile('app/.env', 'DB_PASSWORD=x\n'), 'dotenv file');
  });

  it('classifies variables by name and by value, skipping placeholders and public keys', () => {
    assert.equal(classifyVariable('NPM_TOKEN', 'abc123'), 'credential-looking value');
    assert.equal(classifyVariable('DB_PASSWORD', 'hunter2'), 'credential-looking value');
    assert.equal(classifyVariable('X', 'AKIAIOSFODNN7EXAMPLE'), 'AWS access key id');
    assert.equal(classifyVariable('GREETING', `ghp_${'a'.repeat(36)}`), 'GitHub token');
    for (const [name, value] of [
      ['GPG_KEY', 'A035C8C19219BA821ECEA86B64E628F8D684696D'],
      ['NPM_TOKEN', ''],
      ['API_KEY', '$API_KEY'],
      ['SECRET_FILE', '/run/secrets/x'],
      ['PATH', '/usr/bin'],
      ['TOKEN_URL', 'https://x'],
    ]) {
      assert.equal(classifyVariable(name, value), undefined, `${name}=${value}`);
    }
  });

  it("reads build args and ENV from both builders' history", () => {
    assert.deepEqual(historyVariables('|2 NPM_TOKEN=abc B=1 /bin/sh -c npm ci'), [
      ['NPM_TOKEN', 'abc'],
      ['B', '1'],
    ]);
    assert.deepEqual(historyVariables('RUN |1 NPM_TOKEN=abc /bin/sh -c npm ci # buildkit'), [['NPM_TOKEN', 'abc']]);
    assert.deepEqual(historyVariables('/bin/sh -c #(nop)  ENV API_TOKEN=xyz'), [['API_TOKEN', 'xyz']]);
    assert.deepEqual(historyVariables('ENV API_TOKEN=xyz OTHER=1'), [
      ['API_TOKEN', 'xyz'],
      ['OTHER', '1'],
    ]);
    assert.deepEqual(historyVariables('/bin/sh -c #(nop)  ENV API_TOKEN xyz'), [['API_TOKEN', 'xyz']]);
    const found = metadataSecrets(['PATH=/bin', 'SERVICE_TOKEN=s3cr3t'], { 'org.password': 'pw' }, [
      { createdBy: '|1 NPM_TOKEN=abc /bin/sh -c npm ci', emptyLayer: false },
    ]);
    assert.deepEqual(
      found.map((f) => [f.where, f.path, f.historyIndex]),
      [
        ['env', 'SERVICE_TOKEN', undefined],
        ['label', 'org.password', undefined],
        ['history', 'NPM_TOKEN', 0],
      ],
    );
  });

  it('reports files (deleted ones too) and metadata by name and kind, never the value', async () => {
    const layers = [
      await layerTar([
        { name: 'root/.npmrc', content: `//r.example/:_authToken=${TOKEN}\n` },
        { name: 'root/.ssh/id_rsa', content: KEY },
      ]),
      await layerTar([{ name: 'root/.ssh/.wh.id_rsa' }]),
    ];
    const archive = await imageArchive({
      layers,
      env: ['PATH=/bin', 'API_TOKEN=tok-SECRET-VALUE-42'],
      history: [{ created_by: '|1 NPM_TOKEN=arg-SECRET-VALUE-7 /bin/sh -c npm ci' }, { created_by: '/bin/sh -c rm /root/.ssh/id_rsa' }],
    });
    const report = await analyzeImageArchive(Readable.from([archive]));
    const summary = report.secrets.map((s) => [s.kind, s.where, s.path, s.layer, s.visible]);
    assert.deepEqual(summary, [
      ['npm auth token', 'file', '/root/.npmrc', 0, true],
      ['private key', 'file', '/root/.ssh/id_rsa', 0, false],
      ['credential-looking value', 'env', 'API_TOKEN', undefined, undefined],
      ['credential-looking value', 'history', 'NPM_TOKEN', undefined, undefined],
    ]);
    const json = JSON.stringify(report);
    for (const value of [TOKEN, 'tok-SECRET-VALUE-42', 'arg-SECRET-VALUE-7', 'PRIVATE KEY']) assert.ok(!json.includes(value), value);
    assert.equal(report.layers[0].createdBy, '|1 NPM_TOKEN=<redacted> /bin/sh -c npm ci');
  });
});
