// A lint run keeps what it found above its Dockerfiles (config files, Compose/Bake files; cli/readInputs.ts
// RunLookups): every Dockerfile must get the same answers as when it is looked up alone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { invocationsOf, newInvocationLookups } from '../../../server/src/core/invocation/findInvocations';
import { findHadolintConfig } from '../../../server/src/core/config/loadConfig';
import { runCli } from './runCli';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-run-lookups-'));
  fs.mkdirSync(path.join(root, 'repo', '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const FILES = {
  'repo/compose.yaml': 'services:\n  api:\n    build:\n      context: services/api\n      args: [VERSION=2]\n  web:\n    build: web\n',
  'repo/services/api/Dockerfile': 'FROM scratch\nCOPY a /a\n',
  'repo/services/api/docker-bake.json': '{"target": {"api": {"tags": ["registry.example/api:bake"]}}}',
  'repo/services/docker-compose.yml': 'services: [\n',
  'repo/services/.hadolint.yaml': 'ignored: [DL3020]\n',
  'repo/services/api/deep/Dockerfile': 'FROM scratch\nADD a /a\n',
  'repo/web/Dockerfile': 'FROM scratch\nADD a /a\n',
  'repo/web/.hadolint.yml': 'failure-threshold: error\n',
  'repo/Dockerfile': 'FROM scratch\nADD a /a\n',
  'outside/Dockerfile': 'FROM scratch\nADD a /a\n',
};
// Deepest first, then a sibling and the folders above, then the first again: the kept answers are used.
const ORDER = [
  'repo/services/api/deep/Dockerfile',
  'repo/services/api/Dockerfile',
  'repo/web/Dockerfile',
  'repo/Dockerfile',
  'outside/Dockerfile',
  'repo/services/api/deep/Dockerfile',
];

describe('lookups kept for one lint run', () => {
  it('give each Dockerfile the invocations and errors it gets looked up alone', () => {
    const root = project(FILES);
    const lookups = newInvocationLookups();
    for (const name of ORDER) {
      const file = path.join(root, name);
      const alone: string[] = [];
      const kept: string[] = [];
      const expected = invocationsOf(file, (m) => alone.push(m));
      assert.deepEqual(
        invocationsOf(file, (m) => kept.push(m), lookups),
        expected,
        name,
      );
      assert.deepEqual(kept, alone, name);
    }
    // Not vacuous: the api Dockerfile has two builds, and the broken Compose file is reported from below it.
    assert.equal(invocationsOf(path.join(root, ORDER[1]), undefined, lookups).length, 2);
    assert.ok(lookups.buildFiles.size >= 4 && lookups.parsed.size >= 3);
  });

  it('give each Dockerfile the .hadolint.yaml it finds alone', () => {
    const root = project(FILES);
    const seen = new Map<string, string | undefined>();
    const found = ORDER.map((name) => findHadolintConfig(path.join(root, name), seen));
    assert.deepEqual(
      found,
      ORDER.map((name) => findHadolintConfig(path.join(root, name))),
    );
    assert.deepEqual(
      found.map((f) => f && path.relative(root, f)),
      [
        'repo/services/.hadolint.yaml',
        'repo/services/.hadolint.yaml',
        'repo/web/.hadolint.yml',
        // No config above these (the test's HOME may have a user config: compared with the lookup alone above).
        found[3] && path.relative(root, found[3]),
        found[4] && path.relative(root, found[4]),
        'repo/services/.hadolint.yaml',
      ],
    );
  });

  it('lint of all the files in one call says for each what linting it alone says', () => {
    const root = project(FILES);
    const names = ORDER.slice(0, -1);
    const all = runCli(['lint', '--verbose', '--format', 'json', '--jobs', '1', ...names], { cwd: root });
    const alone = names.map((name) => runCli(['lint', '--verbose', '--format', 'json', name], { cwd: root }));
    assert.deepEqual(
      JSON.parse(all.stdout),
      alone.flatMap((r) => JSON.parse(r.stdout)),
    );
    assert.equal(all.stderr, alone.map((r) => r.stderr).join(''));
    assert.match(all.stderr, /services\/api\/deep\/Dockerfile: configuration .*services\/\.hadolint\.yaml/);
    assert.match(all.stderr, /web\/Dockerfile: configuration .*web\/\.hadolint\.yml/);
  });
});
