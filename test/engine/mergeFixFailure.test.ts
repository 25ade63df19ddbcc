// A merge fix must not change whether a build fails. consecutive-run joined `RUN false` and
// `RUN rm -rf /tmp/x || true` into `false && rm -rf /tmp/x || true`, which succeeds: the build passed after the
// "safe" fix. Here real builds (classic builder and BuildKit, busybox base) of Dockerfiles that fail keep failing
// after the fixes, and ones that pass still pass with the same files.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBaseImage } from '../helpers/docker';
import { dockerCli } from '../helpers/dockerCli';
import { applyFixes } from '../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../server/src/core/shell/index';

const MERGE_RULES = ['consecutive-run', 'cleanup-in-later-layer'];

/** Dockerfiles (after the FROM line) whose build fails at a RUN, with the shapes that used to turn it into a pass. */
const FAILING: Record<string, string> = {
  'second RUN with ||': 'RUN false\nRUN rm -rf /tmp/x || true\n',
  'second RUN with set -ex;': 'RUN false\nRUN set -ex; rm -f /tmp/y\n',
  'second RUN ending in ;': 'RUN false\nRUN echo done;\n',
  'set -e in the middle RUN of three': 'RUN true\nRUN set -e; false; true\nRUN echo after\n',
  'exit status of a ; list': 'RUN true; false\nRUN echo after\n',
};

/** Dockerfiles that build, and what each leaves: the fixed build must leave the same files. */
const PASSING: Record<string, string> = {
  'merged with a subshell':
    'RUN echo a > /a.txt\nRUN set -e; echo b > /b.txt; rm -f /nonexistent || true\nRUN mkdir /w && cd /w && echo c > c.txt\n',
  // The busybox image has no /tmp.
  'cleanup folded into the creating RUN': 'RUN mkdir -p /tmp && echo data > /tmp/blob && echo kept > /kept.txt\nRUN rm /tmp/blob\n',
};

/** The image's files outside the kernel's mounts, with the content of the small ones these tests write. */
const LIST_FILES =
  'find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o -print | sort; cat /*.txt /w/*.txt 2>/dev/null; true';

describe('engine: merge fixes keep failing builds failing', function () {
  this.timeout(600_000);
  let busybox: string;
  let dir: string;
  const tags: string[] = [];
  let lastFailure = '';

  before(async () => {
    busybox = await requireBaseImage('busybox');
    await initShellParser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-mergefix-'));
  });

  after(() => {
    for (const tag of tags) spawnSync(dockerCli(), ['rmi', '-f', tag], { stdio: 'ignore' });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Builds a Dockerfile text; the tag when it built, undefined when the build failed. */
  function build(text: string, builder: 'classic' | 'buildkit', name: string): string | undefined {
    const file = path.join(dir, `${name}.Dockerfile`);
    fs.writeFileSync(file, text);
    const tag = `rules-mergefix-${name}-${builder}-${process.pid}`;
    const result = spawnSync(dockerCli(), ['build', '-q', '-f', file, '-t', tag, dir], {
      env: { ...process.env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' },
      encoding: 'utf8',
    });
    assert.equal(result.error, undefined, `docker build could not run: ${String(result.error)}`);
    if (result.status !== 0) {
      // A failing RUN, not a client or engine problem.
      assert.match(result.stderr, /returned a non-zero code|did not complete successfully|exit code/i, result.stderr);
      lastFailure = result.stderr;
      return undefined;
    }
    tags.push(tag);
    return tag;
  }

  function fixed(text: string): string {
    const result = applyFixes(text, { onlyRules: MERGE_RULES, pragmas: false, maxRounds: 20 });
    assert.notEqual(result.text, text, `a merge fix applies to:\n${text}`);
    return result.text;
  }

  function files(tag: string): string {
    const result = spawnSync(dockerCli(), ['run', '--rm', '--network', 'none', tag, 'sh', '-c', LIST_FILES], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  }

  for (const builder of ['classic', 'buildkit'] as const) {
    for (const [name, body] of Object.entries(FAILING)) {
      it(`${builder}: ${name} — the build fails before and after the fix`, () => {
        const original = `FROM ${busybox}\n${body}`;
        const after = fixed(original);
        const slug = name.replace(/\W+/g, '-').toLowerCase();
        assert.equal(build(original, builder, `${slug}-before`), undefined, 'the original build fails');
        assert.equal(build(after, builder, `${slug}-after`), undefined, `the fixed build fails too:\n${after}`);
      });
    }

    for (const [name, body] of Object.entries(PASSING)) {
      it(`${builder}: ${name} — the build passes before and after the fix, with the same files`, () => {
        const original = `FROM ${busybox}\n${body}`;
        const after = fixed(original);
        const slug = name.replace(/\W+/g, '-').toLowerCase();
        const before = build(original, builder, `${slug}-before`);
        const fixedTag = build(after, builder, `${slug}-after`);
        assert.ok(before, `the original builds: ${lastFailure}`);
        assert.ok(fixedTag, `the fixed Dockerfile builds:\n${after}\n${lastFailure}`);
        const expected = files(before);
        assert.match(expected, /^\/a\.txt$|^\/kept\.txt$/m, 'the listing shows the files the RUNs wrote');
        assert.equal(files(fixedTag), expected);
      });
    }
  }
});
