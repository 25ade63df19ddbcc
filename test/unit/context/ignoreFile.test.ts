// Which .dockerignore applies (BuildKit: `<Dockerfile>.dockerignore` first; classic builder: the context
// root's only — both checked against real builds in test/engine/buildContext.test.ts), how it is parsed,
// and that a hostile one is refused with a reason instead of blocking.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findIgnoreFile, ignoreFileCandidates, parseDockerignore } from '../../../server/src/core/context/ignoreFile';
import { contextMatcher } from '../../../server/src/core/context/matcher';
import { walkContext } from '../../../server/src/core/context/walk';
import { ruleContextFor } from '../../../server/src/core/config/configuredContext';
import { HOSTILE_KINDS, HOSTILE_MESSAGE, makeHostileFile } from '../../helpers/hostileFiles';

describe('context/ignoreFile and context/matcher', function () {
  this.timeout(20_000);
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-ignore-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('parses as Docker does: # only in the first column, BOM, CRLF and blank lines', () => {
    assert.deepEqual(parseDockerignore('\uFEFF# c\r\n  node_modules  \r\n\r\n!keep\n *.tmp\n'), ['node_modules', '!keep', '*.tmp']);
  });

  it('BuildKit: the Dockerfile\'s own ignore file first, then the context root\'s; classic: the root\'s only', () => {
    const dockerfile = path.join(root, 'build', 'App.Dockerfile');
    assert.deepEqual(ignoreFileCandidates(root, { dockerfile }), [`${dockerfile}.dockerignore`, path.join(root, '.dockerignore')]);
    assert.deepEqual(ignoreFileCandidates(root, { dockerfile, builder: 'classic' }), [path.join(root, '.dockerignore')]);
    fs.mkdirSync(path.join(root, 'build'));
    fs.writeFileSync(path.join(root, '.dockerignore'), 'a\n');
    assert.deepEqual(findIgnoreFile(root, { dockerfile })?.patterns, ['a']);
    fs.writeFileSync(`${dockerfile}.dockerignore`, 'b\n');
    assert.deepEqual(findIgnoreFile(root, { dockerfile })?.patterns, ['b']);
    assert.deepEqual(findIgnoreFile(root, { dockerfile, builder: 'classic' })?.patterns, ['a']);
    assert.equal(findIgnoreFile(path.join(root, 'build')), undefined);
  });

  it('rereads a changed file', () => {
    const file = path.join(root, '.dockerignore');
    fs.writeFileSync(file, 'a\n');
    assert.deepEqual(findIgnoreFile(root)?.patterns, ['a']);
    fs.writeFileSync(file, 'a\nbb\n');
    assert.deepEqual(findIgnoreFile(root)?.patterns, ['a', 'bb']);
  });

  it('matches case-sensitively, with ! exceptions and folders; knows which excluded folders to walk', () => {
    const matcher = contextMatcher(['*.md', '!README.md', 'docs', 'node_modules', '!node_modules/keep/**']);
    assert.deepEqual(['NOTES.MD', 'notes.md', 'README.md', 'readme.md', 'Docs/x.md', 'docs/y.md', 'sub/z.md'].filter((p) => matcher.ignores(p)), ['notes.md', 'readme.md', 'docs/y.md']);
    assert.equal(matcher.mayReinclude('docs'), false);
    assert.equal(matcher.mayReinclude('node_modules'), true);
    assert.equal(matcher.ignores(''), false, 'the context root itself is never excluded');
  });

  for (const name of ['.dockerignore', 'Dockerfile.dockerignore']) {
    for (const kind of HOSTILE_KINDS) {
      it(`a ${name} that is ${kind}: refused with a reason; rules, walk and fixes go on`, async () => {
        fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
        fs.writeFileSync(path.join(root, 'app.js'), 'x');
        makeHostileFile(path.join(root, name), kind);
        const dockerfile = path.join(root, 'Dockerfile');
        const found = findIgnoreFile(root, { dockerfile });
        assert.equal(found?.file, path.join(root, name));
        assert.deepEqual(found?.patterns, []);
        assert.match(found?.problem ?? '', HOSTILE_MESSAGE[kind]);
        const context = ruleContextFor(dockerfile);
        assert.equal(context.dockerignoreExists, true);
        assert.equal(context.contextFiles?.read('app.js'), 'x');
        assert.equal(context.contextFiles?.read(name), undefined, 'the hostile file itself is not read by fixes either');
        const walk = await walkContext(root, { dockerfile });
        assert.match(walk.dockerignoreProblem ?? '', HOSTILE_MESSAGE[kind]);
        assert.ok(walk.files.some((f) => f.path === 'app.js'));
      });
    }
  }
});
