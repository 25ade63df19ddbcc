// docker-bake.hcl read as Bake reads it, for the parts Layerwise uses: targets with their context, Dockerfile,
// target, args and tags after `inherits`; anything Bake would evaluate left out, never guessed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBakeHcl, parseBakeJson } from '../../../server/src/core/invocation/bake';
import { readBakeHcl } from '../../../server/src/core/invocation/bakeHcl';
import { invocationsOf } from '../../../server/src/core/invocation/findInvocations';
import { InvocationFileError } from '../../../server/src/core/invocation/invocation';

const SHOP = `# docker-bake.hcl of a small shop
variable "TAG" {
  default = "latest"
}
variable "REGISTRY" { default = "ghcr.io/acme" }

group "default" {
  targets = ["api", "worker"]
}

target "_common" {
  context = "."
  args = {
    NODE_VERSION = "20"
    BUILDKIT_CONTEXT_KEEP_GIT_DIR = 1
  }
  labels = {
    "org.opencontainers.image.source" = "https://example.invalid/acme/shop"
  }
}

target "api" {
  inherits = ["_common"]
  dockerfile = "api/Dockerfile"
  target = "runtime"
  tags = ["acme/api:dev", "\${REGISTRY}/api:\${TAG}"]
  args = {
    NODE_VERSION = "22"
    GIT_SHA = "\${GIT_SHA}"
  }
  platforms = ["linux/amd64", "linux/arm64"]
  cache-from = ["type=gha"]
}

target "worker" {
  inherits = ["_common"]
  context = "worker"
  tags = [for v in ["a", "b"] : "acme/worker:\${v}"]
  output = ["type=docker"]
}

target "docs" {
  dockerfile-inline = <<EOT
FROM nginx
COPY . /usr/share/nginx/html
EOT
}

target "lint" {
  context = "."
  dockerfile = notequal(TAG, "") ? "Dockerfile.lint" : "Dockerfile"
}

target "release" {
  inherits = ["api"]
  tags = ["acme/api:1.0"]
  args = { GIT_SHA = "abc123" }
}

/* A second block for a target adds to the first, as override files do */
target "worker" {
  target = "prod" // later attributes win
  args = { EXTRA = "yes" }
}
`;

describe('invocations: Bake (HCL)', () => {
  const root = '/repo';
  const common = { NODE_VERSION: '20', BUILDKIT_CONTEXT_KEEP_GIT_DIR: '1' };

  it('each target after inherits: context, Dockerfile, target, args, tags; evaluated values left out', () => {
    assert.deepEqual(parseBakeHcl('/repo/docker-bake.hcl', SHOP), [
      { source: 'docker-bake.hcl#_common', dockerfile: `${root}/Dockerfile`, context: root, target: undefined, args: common, images: [] },
      {
        source: 'docker-bake.hcl#api',
        dockerfile: `${root}/api/Dockerfile`,
        context: root,
        target: 'runtime',
        args: { ...common, NODE_VERSION: '22', GIT_SHA: '' },
        images: ['acme/api:dev'],
      },
      {
        source: 'docker-bake.hcl#worker',
        dockerfile: `${root}/worker/Dockerfile`,
        context: `${root}/worker`,
        target: 'prod',
        args: { ...common, EXTRA: 'yes' },
        images: [],
      },
      {
        source: 'docker-bake.hcl#release',
        dockerfile: `${root}/api/Dockerfile`,
        context: root,
        target: 'runtime',
        args: { ...common, NODE_VERSION: '22', GIT_SHA: 'abc123' },
        images: ['acme/api:1.0'],
      },
    ]);
  });

  it('reads literals exactly: escapes, $${ and %%{, heredocs, numbers, booleans, nested objects; expressions as null', () => {
    const value = readBakeHcl(
      [
        'a = "tab\\there \\"q\\" \\u00e9 $${literal} %%{x}"',
        'n = 1.5e2',
        'b = false',
        'nothing = null',
        'nested = { "k.with.dots" = ["x", { y = true }], z: 2 }',
        'text = <<-EOT',
        '  line one',
        '  EOT',
        'ref = var.name',
        'call = upper("x")',
        'sum = 1 + 2',
        'cond = true ? "a" : "b"',
        'tpl = "v${1 + 1}"',
        'after = "still read"',
      ].join('\n'),
    );
    assert.deepEqual(value, {
      a: 'tab\there "q" é ${literal} %{x}',
      n: 150,
      b: false,
      nothing: null,
      nested: { 'k.with.dots': ['x', { y: true }], z: 2 },
      text: '  line one\n',
      ref: null,
      call: null,
      sum: null,
      cond: null,
      tpl: null,
      after: 'still read',
    });
  });

  it('broken HCL is an error naming the file and the line', () => {
    const broken = (text: string) => () => parseBakeHcl('/repo/docker-bake.hcl', text);
    assert.throws(
      broken('target "a" {\n  context = "."\n'),
      (e: Error) => e instanceof InvocationFileError && /docker-bake\.hcl: line 2: a block is never closed/.test(e.message),
    );
    assert.throws(broken('target "a" {\n  context = "unterminated\n}'), /line 2: unterminated string/);
    assert.throws(broken('target "a" {\n  args = { A = "1" \n'), /docker-bake\.hcl: line \d+/);
    assert.throws(broken('}'), /line 1: "}" without a block to close/);
    assert.throws(broken('target "a" { context = "." "x" }'), /line 1: the value of context goes on past the end of its line/);
    assert.deepEqual(parseBakeHcl('/repo/docker-bake.hcl', '# only comments\n'), []);
  });

  it('JSON Bake files resolve inherits the same way', () => {
    const json = JSON.stringify({
      target: {
        base: { context: 'svc', args: { A: '1', B: 2 } },
        app: { inherits: ['base'], dockerfile: 'Dockerfile.app', args: { B: '3' }, tags: ['acme/app'] },
      },
    });
    assert.deepEqual(parseBakeJson('/repo/docker-bake.json', json)[1], {
      source: 'docker-bake.json#app',
      dockerfile: '/repo/svc/Dockerfile.app',
      context: '/repo/svc',
      target: undefined,
      args: { A: '1', B: '3' },
      images: ['acme/app'],
    });
  });

  it('found on disk for the Dockerfile a target builds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bake-hcl-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'api'));
    fs.writeFileSync(path.join(dir, 'api', 'Dockerfile'), 'FROM scratch\n');
    fs.writeFileSync(path.join(dir, 'docker-bake.hcl'), SHOP);
    try {
      const found = invocationsOf(path.join(dir, 'api', 'Dockerfile'));
      assert.deepEqual(
        found.map((i) => [i.source, i.target, i.images]),
        [
          ['docker-bake.hcl#api', 'runtime', ['acme/api:dev']],
          ['docker-bake.hcl#release', 'runtime', ['acme/api:1.0']],
        ],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a folder's Bake files are one definition: an override adds to the main file's target, args key by key", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-bake-override-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    fs.writeFileSync(path.join(dir, 'docker-bake.hcl'), 'target "app" {\n  args = { A = "1", B = "1" }\n  tags = ["acme/app:dev"]\n}\n');
    fs.writeFileSync(path.join(dir, 'docker-bake.override.hcl'), 'target "app" {\n  args = { B = "2" }\n  tags = ["acme/app:ci"]\n}\n');
    try {
      assert.deepEqual(invocationsOf(path.join(dir, 'Dockerfile')), [
        {
          source: 'docker-bake.hcl#app',
          dockerfile: path.join(dir, 'Dockerfile'),
          context: dir,
          target: undefined,
          args: { A: '1', B: '2' },
          images: ['acme/app:ci'],
        },
      ]);
      fs.writeFileSync(path.join(dir, 'docker-bake.override.hcl'), 'target "app" {\n');
      const errors: string[] = [];
      assert.deepEqual(
        invocationsOf(path.join(dir, 'Dockerfile'), (m) => errors.push(m)),
        [],
      );
      assert.match(errors.join('\n'), /docker-bake\.override\.hcl: line 1: a block is never closed/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
