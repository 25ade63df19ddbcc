// Every Dockerfile snippet, accepted with its defaults, must lint clean with Layerwise's own rules:
// the templates are what we tell people a good Dockerfile looks like.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { allRules } from '../../../server/src/core/rules/index';
import { initShellParser } from '../../../server/src/core/shell/index';
import ignore from '@balena/dockerignore';
import { expandSnippet } from './expandSnippet';

const repoRoot = path.resolve(__dirname, '../../../..');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

function readSnippets(file: string): [string, Snippet][] {
  return Object.entries(JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', file), 'utf8')) as Record<string, Snippet>);
}

describe('snippet expansion', () => {
  it('takes defaults, first choices, drops tabstops and keeps escapes and line continuations', () => {
    assert.equal(
      expandSnippet(['FROM ${1:node}:${2|22,20|} AS $3build', 'ENV P="\\$PATH" \\', '  X=${4:a${5:b}c}$0']),
      'FROM node:22 AS build\nENV P="$PATH" \\\n  X=abc',
    );
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
    assert.throws(() => expandSnippet('${1:open'), /unterminated/);
  });
});

describe('Dockerfile snippets', () => {
  const snippets = readSnippets('dockerfile.json');
  before(async () => {
    await initShellParser();
  });

  it('cover Go, Node.js, Python, Rust, Java (Maven and Gradle) and a static site', () => {
    const prefixes = snippets.flatMap(([, s]) => [s.prefix].flat());
    for (const p of [
      'docker-go',
      'docker-go-scratch',
      'docker-node',
      'docker-python',
      'docker-rust',
      'docker-java-maven',
      'docker-java-gradle',
      'docker-static-nginx',
    ]) {
      assert.ok(prefixes.includes(p), `no snippet with prefix ${p}`);
    }
  });

  for (const [name, snippet] of snippets) {
    it(`"${name}" expands to a multi-stage Dockerfile with no Layerwise finding`, () => {
      const text = expandSnippet(snippet.body) + '\n';
      const model = parseDockerfile(text);
      assert.ok(model.stages.length >= 2, `${name}: ${model.stages.length} stage(s)`);
      const ruleErrors: string[] = [];
      // dockerignoreExists: a project that uses these templates also has one of the .dockerignore snippets.
      const findings = analyzeModel(model, {
        context: { dockerignoreExists: true },
        onRuleError: (id, e) => ruleErrors.push(`${id}: ${String(e)}`),
      });
      assert.deepEqual(ruleErrors, [], 'rules threw');
      // No finding of any severity: hints and info included, so the templates show nothing to fix.
      assert.deepEqual(
        findings.map((f) => `${f.severity} ${f.rule} line ${f.range.start.line + 1}: ${f.message}`),
        [],
        text,
      );
    });
  }

  it('ran against a non-empty rule set', () => {
    assert.ok(allRules.length > 10, `only ${allRules.length} rules registered`);
  });
});

describe('.dockerignore snippets', () => {
  const snippets = readSnippets('dockerignore.json');

  it('cover Node.js, Python, Go, Rust and Java, and keep .git and .env out of every context', () => {
    const prefixes = snippets.flatMap(([, s]) => [s.prefix].flat());
    for (const p of ['dockerignore-node', 'dockerignore-python', 'dockerignore-go', 'dockerignore-rust', 'dockerignore-java']) {
      assert.ok(prefixes.includes(p), `no snippet with prefix ${p}`);
    }
    for (const [name, snippet] of snippets) {
      const lines = expandSnippet(snippet.body).split('\n');
      const matcher = ignore().add(lines);
      for (const file of ['.git/config', '.env', 'deploy/.env.production', 'certs/server.pem'])
        assert.ok(matcher.ignores(file), `${name} sends ${file}`);
      assert.ok(!lines.some((l) => l.startsWith('!')), `${name}: an exception would re-include files`);
    }
  });
});

// Each ecosystem's .dockerignore must keep what that ecosystem's Dockerfile template copies (checked with
// Docker's own matching rules, @balena/dockerignore) and drop what must never reach the build.
const CONTEXTS: Record<string, { keeps: string[]; drops: string[] }> = {
  'dockerignore-node': {
    keeps: ['package.json', 'package-lock.json', 'src/server.ts', 'public/index.html'],
    drops: ['node_modules/x/index.js', 'packages/a/node_modules/x/index.js', 'dist/server.js', '.git/HEAD', '.env', 'config/.env'],
  },
  'dockerignore-python': {
    keeps: ['requirements.txt', 'app.py', 'pkg/__init__.py'],
    drops: ['.venv/bin/python', 'pkg/__pycache__/a.cpython-312.pyc', '.git/HEAD', '.env.local'],
  },
  'dockerignore-go': { keeps: ['go.mod', 'go.sum', 'cmd/app/main.go'], drops: ['bin/app', '.git/HEAD', '.env'] },
  'dockerignore-rust': { keeps: ['Cargo.toml', 'Cargo.lock', 'src/main.rs'], drops: ['target/release/app', '.git/HEAD'] },
  'dockerignore-java': {
    keeps: ['pom.xml', 'build.gradle', 'settings.gradle', 'src/main/java/App.java', 'src/main/java/acme/build/Tool.java'],
    drops: ['target/app.jar', 'module-a/target/a.jar', '.gradle/caches/x', 'build/libs/app.jar', 'app/build/libs/app.jar', '.git/HEAD'],
  },
};

describe('.dockerignore snippets against their Dockerfile templates', () => {
  const byPrefix = new Map(readSnippets('dockerignore.json').flatMap(([, s]) => [s.prefix].flat().map((p) => [p, s] as const)));
  for (const [prefix, { keeps, drops }] of Object.entries(CONTEXTS)) {
    it(`${prefix} keeps the sources and manifests and drops caches, output and secrets`, () => {
      const snippet = byPrefix.get(prefix);
      assert.ok(snippet, `no snippet ${prefix}`);
      const matcher = ignore().add(expandSnippet(snippet.body).split('\n'));
      assert.deepEqual(
        keeps.filter((f) => matcher.ignores(f)),
        [],
        'ignored but needed by the build',
      );
      assert.deepEqual(
        drops.filter((f) => !matcher.ignores(f)),
        [],
        'sent to the builder but should not be',
      );
    });
  }
});
