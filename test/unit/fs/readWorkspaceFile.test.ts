// Reading workspace files that may be hostile: only regular files within a size cap, symlinks followed and
// their target checked; each refusal says what the file is. None of these may block: a FIFO without a writer
// would hang a plain readFileSync forever (mocha's timeout catches a regression).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWorkspaceFile, readWorkspaceText, checkWorkspaceFile, WorkspaceFileError } from '../../../server/src/core/fs/readWorkspaceFile';
import { HOSTILE_KINDS, HOSTILE_MESSAGE, makeHostileFile } from '../../helpers/hostileFiles';

describe('fs/readWorkspaceFile', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-read-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file, and one reached through a symlink', () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'héllo\n');
    fs.symlinkSync('a.txt', path.join(dir, 'link'));
    assert.equal(readWorkspaceText(path.join(dir, 'a.txt'), { maxBytes: 100 }), 'héllo\n');
    assert.deepEqual(readWorkspaceFile(path.join(dir, 'link'), { maxBytes: 100 }), Buffer.from('héllo\n'));
  });

  for (const kind of HOSTILE_KINDS) {
    it(`refuses ${kind} with a message naming the file and what it is`, () => {
      const file = path.join(dir, '.hadolint.yaml');
      makeHostileFile(file, kind);
      assert.throws(() => readWorkspaceFile(file, { maxBytes: 1024 * 1024 }), (error: unknown) => {
        assert.ok(error instanceof WorkspaceFileError);
        assert.ok(error.message.startsWith(`${file}: `), error.message);
        assert.match(error.message, HOSTILE_MESSAGE[kind]);
        assert.equal(error.problem, kind === 'huge' ? 'too-large' : 'not-regular');
        return true;
      });
    });
  }

  it('caps at exactly the limit, and names size and limit', () => {
    const file = path.join(dir, 'f');
    fs.writeFileSync(file, 'x'.repeat(2048));
    assert.equal(readWorkspaceFile(file, { maxBytes: 2048 }).length, 2048);
    assert.throws(() => readWorkspaceFile(file, { maxBytes: 2047 }), /too large \(2048 bytes; the limit is 2047 bytes\)/);
    assert.throws(() => readWorkspaceFile(file, { maxBytes: 1000 }), /too large \(2 KB; the limit is 1000 bytes\)/);
  });

  it('bounds files whose size the kernel does not report (Linux procfs)', () => {
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    assert.throws(() => readWorkspaceFile('/proc/self/status', { maxBytes: 10 }), /larger than the limit of 10 bytes/);
  });

  it('says missing, directory, symlink loop and dangling link plainly', () => {
    assert.throws(() => checkWorkspaceFile(path.join(dir, 'none'), { maxBytes: 1 }), (e: WorkspaceFileError) => e.problem === 'missing' && /no such file/.test(e.message));
    assert.throws(() => readWorkspaceFile(dir, { maxBytes: 1 }), /: is a directory$/);
    fs.symlinkSync('loop', path.join(dir, 'loop'));
    assert.throws(() => readWorkspaceFile(path.join(dir, 'loop'), { maxBytes: 1 }), /symbolic links/);
    fs.symlinkSync('nowhere', path.join(dir, 'dangling'));
    assert.throws(() => readWorkspaceFile(path.join(dir, 'dangling'), { maxBytes: 1 }), (e: WorkspaceFileError) => e.problem === 'missing');
  });
});
