// The registry reader's pure parts: references, loopback, platforms (attestations skipped), auth challenges and
// the docker config's credentials. The HTTP side runs against a real registry in test/engine/registry.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLoopbackHost, parseRegistryReference } from '../../../server/src/core/registry/reference';
import { choosePlatform, parsePlatform } from '../../../server/src/core/registry/readImage';
import { parseChallenge } from '../../../server/src/core/registry/client';
import { credentialsFor } from '../../../server/src/core/registry/credentials';

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('registry references and auth', () => {
  it('parses docker://HOST[:PORT]/REPO[:TAG|@DIGEST]', () => {
    assert.deepEqual(parseRegistryReference('docker://127.0.0.1:5000/team/app:1.2'), {
      host: '127.0.0.1:5000',
      repository: 'team/app',
      reference: '1.2',
      display: '127.0.0.1:5000/team/app:1.2',
    });
    assert.equal(parseRegistryReference('docker://registry.example/app').reference, 'latest');
    assert.equal(parseRegistryReference(`docker://localhost/app:1@${digest('a')}`).reference, digest('a'), 'the digest wins');
    assert.equal(parseRegistryReference('docker://[::1]:5000/app').host, '[::1]:5000');
  });

  it('refuses references without a host or outside the grammar', () => {
    assert.throws(() => parseRegistryReference('docker://busybox:1'), /name the registry host/);
    assert.throws(() => parseRegistryReference('docker://team/app'), /name the registry host/);
    assert.throws(() => parseRegistryReference('docker://host.example/../x'), /not a valid image reference/);
    assert.throws(() => parseRegistryReference('docker://host.example/App'), /lowercase/);
  });

  it('only loopback hosts count as loopback', () => {
    for (const host of ['127.0.0.1:5000', 'localhost', 'localhost:80', '[::1]:5000', '127.8.9.10']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['10.0.0.1:5000', 'localhost.example', '127.0.0.1.example', '[::2]:5000']) assert.ok(!isLoopbackHost(host), host);
  });

  it('chooses the platform from an index and never an attestation manifest', () => {
    const manifests = [
      { digest: digest('1'), platform: { os: 'unknown', architecture: 'unknown' } },
      { digest: digest('2'), platform: { os: 'linux', architecture: 'amd64' } },
      { digest: digest('3'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ];
    assert.equal(choosePlatform(manifests, { os: 'linux', architecture: 'amd64' }).digest, digest('2'));
    assert.equal(choosePlatform(manifests, parsePlatform('linux/arm64/v8')).digest, digest('3'));
    assert.throws(() => choosePlatform(manifests, { os: 'unknown', architecture: 'unknown' }), /it has: linux\/amd64, linux\/arm64\/v8/);
    assert.throws(() => parsePlatform('amd64'), /OS\/ARCH/);
  });

  it('reads Bearer and Basic challenges', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="reg.example",scope="repository:a/b:pull"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'reg.example', scope: 'repository:a/b:pull' },
    });
    assert.deepEqual(parseChallenge('Basic realm="x"'), { scheme: 'basic', params: { realm: 'x' } });
  });

  it('finds credentials in config.json auths under any spelling of the host', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-docker-config-'));
    try {
      const auth = (text: string) => ({ auth: Buffer.from(text).toString('base64') });
      fs.writeFileSync(
        path.join(dir, 'config.json'),
        JSON.stringify({ auths: { 'https://reg.example/v1/': auth('ann:p:w'), 'other.example:5000': { username: 'bo', password: 'x' } } }),
      );
      const env = { DOCKER_CONFIG: dir };
      assert.deepEqual(await credentialsFor('reg.example', env), { username: 'ann', password: 'p:w' });
      assert.deepEqual(await credentialsFor('other.example:5000', env), { username: 'bo', password: 'x' });
      assert.equal(await credentialsFor('third.example', env), undefined);
      fs.writeFileSync(path.join(dir, 'config.json'), '{oops');
      await assert.rejects(credentialsFor('reg.example', env), /config.json is not valid JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
