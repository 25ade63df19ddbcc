// Many files on worker threads (cli/lintPool.ts): the same findings, messages and order as one thread, from the
// real bundle; and the thread count a run picks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadCount, lintOrder, MIN_FILES_PER_WORKER } from '../../../server/src/cli/lintPool';
import { manyFilesLikely } from '../../../server/src/cli/lintEarly';
import { corpusDir } from '../../helpers/corpus';
import { runCli } from './runCli';

describe('lint on worker threads (spawned CLI)', function () {
  this.timeout(300_000);

  it('uses one thread for few files, else --jobs or one per core, never more than the files pay for', () => {
    assert.equal(threadCount(1, undefined), 1);
    assert.equal(threadCount(MIN_FILES_PER_WORKER * 2, 8), 2);
    assert.equal(threadCount(MIN_FILES_PER_WORKER * 100, 3), 3);
    assert.equal(threadCount(MIN_FILES_PER_WORKER * 100, 1), 1);
    assert.equal(threadCount(MIN_FILES_PER_WORKER * 100, undefined), Math.max(1, os.availableParallelism()));
  });

  it('hands out the longest files first, equal lengths in input order', () => {
    const texts = ['FROM a\n', 'FROM scratch\nRUN true\n', 'FROM b\n', '', 'FROM scratch\n'];
    assert.deepEqual(lintOrder(texts.map((text) => ({ text }))), [1, 4, 0, 2, 3]);
  });

  it('gives the corpus identical JSON, text and messages with --jobs 1 and --jobs 3', () => {
    // A glob takes the corpus' owner__repo__path names; plus one unreadable file, whose message must keep its place.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-pool-'));
    try {
      fs.writeFileSync(path.join(dir, 'binary.Dockerfile'), Buffer.from([0, 1, 2, 0, 0, 0]));
      // ShellCheck stays out: it would run on every RUN of the corpus four times over (its results are the binary's).
      const args = ['--ignore', 'shellcheck', path.join(corpusDir(), '*'), path.join(dir, 'binary.Dockerfile')];
      for (const format of ['json', 'text']) {
        const one = runCli(['lint', '--format', format, '--jobs', '1', ...args]);
        const three = runCli(['lint', '--format', format, '--jobs', '3', ...args]);
        assert.equal(one.code, 2, one.stderr);
        assert.equal(three.code, one.code);
        // Standard error first: a file lost on a thread says so there, which a diff of the output would truncate.
        assert.equal(three.stderr, one.stderr);
        assert.equal(three.stdout, one.stdout);
        if (format === 'json') {
          const files = (JSON.parse(one.stdout) as { file: string }[]).map((r) => path.basename(r.file));
          assert.deepEqual(files, [...files].sort(), 'in path order');
          assert.ok(files.length >= 200, `the whole corpus (${files.length} files)`);
        }
        assert.match(one.stderr, /binary\.Dockerfile: not read/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives small files the same output when the main thread lints them all before a worker is ready', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-pool-small-'));
    try {
      const files = Array.from({ length: MIN_FILES_PER_WORKER * 2 }, (_, i) => path.join(dir, `f${String(i).padStart(2, '0')}.Dockerfile`));
      files.forEach((file, i) =>
        fs.writeFileSync(file, i % 2 ? 'FROM scratch\nADD a /a\n' : 'FROM debian\nRUN if true; then apt-get update; fi\n'),
      );
      const one = runCli(['lint', '--format', 'json', '--ignore', 'shellcheck', '--jobs', '1', ...files]);
      const two = runCli(['lint', '--format', 'json', '--ignore', 'shellcheck', '--jobs', '2', ...files]);
      assert.equal(two.code, one.code);
      assert.equal(two.stderr, one.stderr);
      assert.equal(two.stdout, one.stdout);
      assert.equal((JSON.parse(one.stdout) as unknown[]).length, files.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts threads early only for a folder, a glob or many files named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-early-'));
    try {
      const file = path.join(dir, 'Dockerfile');
      fs.writeFileSync(file, 'FROM scratch\n');
      assert.equal(manyFilesLikely([file]), false);
      assert.equal(manyFilesLikely(['-']), false);
      assert.equal(manyFilesLikely([path.join(dir, 'missing')]), false);
      assert.equal(manyFilesLikely([dir]), true);
      assert.equal(manyFilesLikely([path.join(dir, '*')]), true);
      assert.equal(manyFilesLikely(Array.from({ length: MIN_FILES_PER_WORKER * 2 }, () => file)), true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops the threads started early that a run does not need: few files found, a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-early-unused-'));
    try {
      for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, `${name}.Dockerfile`), 'FROM debian\nRUN apt-get update\n');
      // A folder: threads start early, then three files need none of them (the run must still end, same output).
      const one = runCli(['lint', '--format', 'json', '--ignore', 'shellcheck', '--jobs', '1', dir]);
      const three = runCli(['lint', '--format', 'json', '--ignore', 'shellcheck', '--jobs', '3', dir]);
      assert.deepEqual([three.code, three.stdout, three.stderr], [one.code, one.stdout, one.stderr]);
      assert.equal((JSON.parse(one.stdout) as unknown[]).length, 3);
      // Arguments that parse but are refused later: exit 2, and the threads do not keep the process alive.
      const refused = runCli(['lint', '--format', 'yaml', '--jobs', '3', dir]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--format must be one of/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a --jobs that is not a whole number from 1 (exit 2)', () => {
    for (const jobs of ['0', '-1', 'many', '1.5']) {
      const result = runCli(['lint', '--jobs', jobs, path.join(corpusDir(), '*')]);
      assert.equal(result.code, 2, jobs);
      assert.match(result.stderr, /--jobs must be a whole number/);
    }
  });
});
