// Which builds a project's Compose and Bake files make of a Dockerfile: context, Dockerfile, target, args and
// image, read from files written here; and which image the lenses link to a Dockerfile no one built in the editor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseComposeFile, composeProjectName } from '../../../server/src/core/invocation/compose';
import { parseBakeJson } from '../../../server/src/core/invocation/bake';
import { invocationsOf, invokedImage } from '../../../server/src/core/invocation/findInvocations';
import { InvocationFileError } from '../../../server/src/core/invocation/invocation';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-invocation-'));
  const root = path.join(dir, 'My Shop');
  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('invocations: Compose', () => {
  const root = '/repo';
  const services = parseComposeFile(
    '/repo/compose.yaml',
    [
      'services:',
      '  api:',
      '    image: registry.example/api:dev',
      '    build:',
      '      context: ./api',
      '      dockerfile: docker/Dockerfile.prod',
      '      target: runtime',
      '      args:',
      '        VERSION: "1.2"',
      '        EMPTY:',
      '        FROM_ENV: ${VERSION}',
      '  web:',
      '    build: web',
      '  worker:',
      '    build:',
      '      context: .',
      '      args:',
      '        - A=1',
      '        - B',
      '        - C=${X}',
      '  db:',
      '    image: postgres',
      '  remote:',
      '    build: https://example.invalid/repo.git',
    ].join('\n'),
  );

  it('each service with a build: context, Dockerfile, target, args (interpolated values left empty), image', () => {
    assert.deepEqual(services, [
      {
        source: 'compose.yaml#api',
        dockerfile: `${root}/api/docker/Dockerfile.prod`,
        context: `${root}/api`,
        target: 'runtime',
        args: { VERSION: '1.2', EMPTY: '', FROM_ENV: '' },
        images: ['registry.example/api:dev'],
      },
      {
        source: 'compose.yaml#web',
        dockerfile: `${root}/web/Dockerfile`,
        context: `${root}/web`,
        target: undefined,
        args: {},
        images: ['repo-web'],
      },
      {
        source: 'compose.yaml#worker',
        dockerfile: `${root}/Dockerfile`,
        context: root,
        target: undefined,
        args: { A: '1', B: '', C: '' },
        images: ['repo-worker'],
      },
    ]);
  });

  it("Compose's project name: the top-level name, else the folder's name as Compose normalises it", () => {
    assert.equal(composeProjectName('/x/My Shop.v2'), 'myshopv2');
    assert.deepEqual(parseComposeFile('/x/compose.yaml', 'name: shop\nservices:\n  a:\n    build: .\n')[0].images, ['shop-a']);
  });

  it('broken YAML is an error naming the file; other shapes give nothing', () => {
    assert.throws(
      () => parseComposeFile('/x/compose.yaml', 'services: [\n'),
      (e: Error) => e instanceof InvocationFileError && /^\/x\/compose\.yaml: /.test(e.message),
    );
    assert.deepEqual(parseComposeFile('/x/compose.yaml', '- 1\n'), []);
    assert.deepEqual(parseComposeFile('/x/compose.yaml', 'services:\n  a: 3\n  b:\n    build: [1]\n'), []);
  });
});

describe('invocations: Bake (JSON)', () => {
  it('each target: context, Dockerfile, target, args, tags', () => {
    const targets = parseBakeJson(
      '/repo/docker-bake.json',
      JSON.stringify({
        target: {
          app: {
            context: 'app',
            dockerfile: 'Dockerfile',
            target: 'prod',
            args: { A: '1', B: '${X}' },
            tags: ['registry.example/app:1', '${T}'],
          },
          plain: {},
        },
      }),
    );
    assert.deepEqual(targets, [
      {
        source: 'docker-bake.json#app',
        dockerfile: '/repo/app/Dockerfile',
        context: '/repo/app',
        target: 'prod',
        args: { A: '1', B: '' },
        images: ['registry.example/app:1'],
      },
      { source: 'docker-bake.json#plain', dockerfile: '/repo/Dockerfile', context: '/repo', target: undefined, args: {}, images: [] },
    ]);
    assert.throws(() => parseBakeJson('/repo/docker-bake.json', '{'), InvocationFileError);
  });
});

describe('invocations of a Dockerfile on disk', () => {
  it('from the build files in its folder and above, up to the repository root; a broken one is passed over', () => {
    const root = project({
      'compose.yaml': 'services:\n  api:\n    build:\n      context: services/api\n      args: [VERSION=2]\n  other:\n    build: other\n',
      'services/api/Dockerfile': 'FROM scratch\n',
      'services/api/docker-bake.json': '{"target": {"api": {"tags": ["registry.example/api:bake"]}}}',
      'services/docker-compose.yml': 'services: [\n',
    });
    const errors: string[] = [];
    const found = invocationsOf(path.join(root, 'services/api/Dockerfile'), (m) => errors.push(m));
    assert.deepEqual(
      found.map((i) => [i.source, i.images, i.args]),
      [
        ['docker-bake.json#api', ['registry.example/api:bake'], {}],
        ['compose.yaml#api', ['myshop-api'], { VERSION: '2' }],
      ],
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0], /services\/docker-compose\.yml: /);
    // The lenses' link: the nearest build that names an image.
    assert.equal(invokedImage(path.join(root, 'services/api/Dockerfile')), 'registry.example/api:bake');
    assert.equal(invokedImage(path.join(root, 'nobody/Dockerfile')), undefined);
  });
});

describe('invocations: the build context the rules see', () => {
  it("copy-ignored-file reads the .dockerignore of the Compose service's context, not of the Dockerfile's folder", async () => {
    const { ruleContextFor } = await import('../../../server/src/core/config/configuredContext');
    const { parseDockerfile } = await import('../../../server/src/core/model/dockerfileModel');
    const { analyzeModel } = await import('../../../server/src/core/analyze');
    const files = {
      '.dockerignore': 'secrets/\n',
      'docker/api/Dockerfile': 'FROM scratch\nCOPY secrets/key /key\n',
      'secrets/key': 'k\n',
    };
    const findingsWith = (root: string) => {
      const dockerfile = path.join(root, 'docker/api/Dockerfile');
      const model = parseDockerfile(fs.readFileSync(dockerfile, 'utf8'));
      return analyzeModel(model, { context: ruleContextFor(dockerfile) }).filter((f) => f.rule === 'copy-ignored-file');
    };
    assert.deepEqual(findingsWith(project(files)), []);
    const composed = project({
      ...files,
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api/Dockerfile\n',
    });
    assert.deepEqual(
      findingsWith(composed).map((f) => f.range.start.line),
      [1],
    );
  });
});

describe('invocations: dev containers', () => {
  it('build.dockerfile and build.context relative to the definition, args and target; comments and trailing commas', async () => {
    const { parseDevcontainer, stripJsonComments } = await import('../../../server/src/core/invocation/devcontainer');
    const text = [
      '// A dev container',
      '{',
      '  "name": "app // not a comment", /* block */',
      '  "build": { "dockerfile": "Dockerfile", "context": "..", "target": "dev", "args": { "NODE": "20", "X": "${localEnv:X}", }, },',
      '}',
    ].join('\n');
    assert.equal(JSON.parse(stripJsonComments(text)).name, 'app // not a comment');
    assert.deepEqual(JSON.parse(stripJsonComments('{"a": ["x,]", "y,}",], }')), { a: ['x,]', 'y,}'] });
    assert.deepEqual(parseDevcontainer('/repo/.devcontainer/devcontainer.json', text), [
      {
        source: '.devcontainer/devcontainer.json',
        dockerfile: '/repo/.devcontainer/Dockerfile',
        context: '/repo',
        target: 'dev',
        args: { NODE: '20', X: '' },
        images: [],
      },
    ]);
    // The older top-level form; an image-only definition builds nothing.
    assert.deepEqual(
      parseDevcontainer('/repo/.devcontainer.json', '{"dockerFile": "docker/Dockerfile"}').map((i) => [i.dockerfile, i.context]),
      [['/repo/docker/Dockerfile', '/repo']],
    );
    assert.deepEqual(parseDevcontainer('/repo/.devcontainer.json', '{"image": "debian"}'), []);
  });

  it('found from the Dockerfile in .devcontainer/', () => {
    const root = project({
      '.devcontainer/devcontainer.json': '{ "build": { "dockerfile": "Dockerfile", "args": { "V": "1" } } }',
      '.devcontainer/Dockerfile': 'FROM scratch\n',
    });
    assert.deepEqual(
      invocationsOf(path.join(root, '.devcontainer/Dockerfile')).map((i) => [i.source, i.args]),
      [['.devcontainer/devcontainer.json', { V: '1' }]],
    );
  });
});
