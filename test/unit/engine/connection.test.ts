// Engine resolution order, as the docker CLI: setting > DOCKER_HOST > context > default socket > Podman.
// Uses a temp HOME with a real context store layout; no engine is contacted here (see test/engine for that).
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeEndpoint, dockerodeOptions, resolveEndpoint } from '../../../server/src/core/engine/connection';
import { classifyEngineError, withTimeout } from '../../../server/src/core/engine/engineErrors';
import { knownHostKeys } from '../../../server/src/core/engine/sshKnownHosts';

function home(context?: { name: string; host: string; skip?: boolean; tls?: boolean; current?: boolean }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-home-'));
  fs.mkdirSync(path.join(dir, '.docker'));
  if (context) {
    const id = crypto.createHash('sha256').update(context.name).digest('hex');
    const meta = path.join(dir, '.docker', 'contexts', 'meta', id);
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(
      path.join(meta, 'meta.json'),
      JSON.stringify({ Name: context.name, Metadata: {}, Endpoints: { docker: { Host: context.host, SkipTLSVerify: !!context.skip } } }),
    );
    if (context.tls) {
      const tls = path.join(dir, '.docker', 'contexts', 'tls', id, 'docker');
      fs.mkdirSync(tls, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(tls, f), `${f}-content`);
    }
    if (context.current !== false)
      fs.writeFileSync(path.join(dir, '.docker', 'config.json'), JSON.stringify({ currentContext: context.name }));
  }
  return dir;
}

const none = () => false;

describe('engine/connection: resolveEndpoint', () => {
  it('the setting wins over DOCKER_HOST and the context', () => {
    const e = resolveEndpoint({
      hostSetting: 'tcp://box:2375',
      env: { DOCKER_HOST: 'unix:///x.sock' },
      homeDir: home({ name: 'remote', host: 'tcp://r:2376' }),
      fileExists: none,
    });
    assert.deepEqual([e.url, e.source], ['tcp://box:2375', 'setting']);
  });

  it('DOCKER_HOST with DOCKER_TLS_VERIFY reads ca/cert/key from DOCKER_CERT_PATH', () => {
    const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-certs-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), f);
    const e = resolveEndpoint({
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
      homeDir: home(),
      fileExists: none,
    });
    assert.equal(e.source, 'DOCKER_HOST');
    assert.equal(e.tls?.verify, true);
    assert.equal(e.tls?.ca?.toString(), 'ca.pem');
    const options = dockerodeOptions(e, 1000);
    assert.equal(options.protocol, 'https');
    assert.equal(String(options.port), '2376');
    assert.equal(options.host, '127.0.0.1');
  });

  it('the current context (config.json or DOCKER_CONTEXT) with its TLS files', () => {
    const h = home({ name: 'remote', host: 'tcp://build-box:2376', tls: true });
    const e = resolveEndpoint({ env: {}, homeDir: h, fileExists: none });
    assert.deepEqual(
      [e.url, e.source, e.contextName, e.tls?.verify, e.tls?.cert?.toString()],
      ['tcp://build-box:2376', 'context', 'remote', true, 'cert.pem-content'],
    );
    assert.equal(describeEndpoint(e), 'context remote (tcp://build-box:2376)');
    const viaEnv = resolveEndpoint({
      env: { DOCKER_CONTEXT: 'remote' },
      homeDir: home({ name: 'remote', host: 'ssh://me@box', current: false }),
      fileExists: none,
    });
    assert.equal(viaEnv.url, 'ssh://me@box');
    const ssh = dockerodeOptions(viaEnv) as { protocol?: string; username?: string; host?: string };
    assert.deepEqual([ssh.protocol, ssh.username, ssh.host], ['ssh', 'me', 'box']);
  });

  it('an unknown context is a readable error', () => {
    assert.throws(
      () => resolveEndpoint({ env: { DOCKER_CONTEXT: 'nope' }, homeDir: home(), fileExists: none }),
      /Docker context "nope" not found/,
    );
  });

  it('DOCKER_CONTEXT=default and no config fall back to the default socket, then Podman', () => {
    const h = home({ name: 'remote', host: 'tcp://r:2376' });
    const d = resolveEndpoint({ env: { DOCKER_CONTEXT: 'default' }, homeDir: h, fileExists: (f) => f === '/var/run/docker.sock' });
    assert.equal(describeEndpoint(d), 'unix:///var/run/docker.sock (default)');
    const p = resolveEndpoint({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      homeDir: home(),
      fileExists: (f) => f === '/run/user/1000/podman/podman.sock',
    });
    assert.deepEqual([p.url, p.source], ['unix:///run/user/1000/podman/podman.sock', 'podman']);
    const nothing = resolveEndpoint({ env: {}, homeDir: home(), fileExists: none });
    assert.equal(nothing.url, 'unix:///var/run/docker.sock');
  });

  it('rejects a host that is not a URL', () => {
    assert.throws(() => dockerodeOptions({ url: 'box:2375', source: 'setting' }), /not a URL|unsupported scheme/);
  });
});

describe('engine/engineErrors', () => {
  const endpoint = { url: 'unix:///var/run/docker.sock', source: 'default' as const };
  it('classifies socket errors, permission, TLS and timeouts', async () => {
    assert.equal(classifyEngineError(Object.assign(new Error('connect ENOENT /x'), { code: 'ENOENT' }), endpoint).kind, 'unreachable');
    const denied = classifyEngineError(Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }), endpoint);
    assert.equal(denied.kind, 'permission');
    assert.match(denied.message, /docker" group/);
    assert.equal(
      classifyEngineError(Object.assign(new Error('self signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), endpoint).kind,
      'tls',
    );
    const slow = await withTimeout(new Promise(() => undefined), 20).catch((e) => e);
    assert.equal(classifyEngineError(slow, endpoint).kind, 'timeout');
  });
});

describe('engine/sshKnownHosts', () => {
  it('finds plain, bracketed-port and hashed names; skips revoked keys and other hosts', () => {
    const salt = crypto.randomBytes(20);
    const hashed = crypto.createHmac('sha1', salt).update('[box]:2222').digest('base64');
    const text = [
      '# comment',
      'box,10.0.0.1 ssh-ed25519 KEY22',
      '[box]:2222 ssh-ed25519 KEYPORT',
      `|1|${salt.toString('base64')}|${hashed} ssh-rsa KEYHASHED`,
      '@revoked [box]:2222 ssh-ed25519 KEYREVOKED',
      'other ssh-ed25519 KEYOTHER',
    ].join('\n');
    assert.deepEqual(knownHostKeys(text, 'box', 22), ['KEY22']);
    assert.deepEqual(knownHostKeys(text, '10.0.0.1', 22), ['KEY22']);
    assert.deepEqual(knownHostKeys(text, 'box', 2222), ['KEYPORT', 'KEYHASHED']);
    assert.deepEqual(knownHostKeys(text, 'nowhere', 22), []);
  });
});
