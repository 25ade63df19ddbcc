// The real Dockerfiles in test/corpus (copied with attribution, see test/corpus/NOTICE): the one place tests and
// benchmarks read them from. Call these inside before()/it(), never at module load, so a missing or broken corpus
// fails the tests that need it instead of aborting the whole run.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** test/corpus/dockerfiles, found from this module's place in the repository (source or compiled under out/). */
export function corpusDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'test', 'corpus', 'dockerfiles');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('test/corpus/dockerfiles not found above ' + __dirname);
    dir = parent;
  }
}

export interface CorpusFile {
  /** The file's name in test/corpus/dockerfiles (owner__repo__path). */
  name: string;
  path: string;
  text: string;
}

/** Every corpus Dockerfile, sorted by name. */
export function corpusFiles(): CorpusFile[] {
  const dir = corpusDir();
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { name, path: file, text: fs.readFileSync(file, 'utf8') };
    });
}
