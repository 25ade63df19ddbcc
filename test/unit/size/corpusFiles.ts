// The shared corpus of real Dockerfiles (read-only), for the corpus and property tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS = '/work/shared/corpus/dockerfiles';

export function corpusFiles(): { name: string; text: string }[] {
  if (!fs.existsSync(CORPUS)) throw new Error(`the Dockerfile corpus is missing at ${CORPUS}`);
  return fs.readdirSync(CORPUS).filter((f) => f !== 'MANIFEST.tsv').sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(CORPUS, name), 'utf8') }));
}
