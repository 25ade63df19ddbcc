// Keystroke-to-diagnostics in the running server, over the real protocol: for each corpus file, open it, then
// type a character at the end of a line and time until the diagnostics for that version arrive.
// Peer: the same measurement with the analysis skipped is not meaningful, so the ratio printed is against the
// 16 ms frame budget the issue sets.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspTestClient } from '../test/protocol/lspClient';
import { summarize, ms } from './stats';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/dockerfiles');

export async function run(): Promise<void> {
  const files = fs.readdirSync(CORPUS).filter((f) => f !== 'MANIFEST.tsv').slice(0, 120);
  const client = new LspTestClient();
  await client.initialize({ editorFeatures: true });
  const samples: number[] = [];
  let n = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const uri = `file:///bench/${n++}/Dockerfile`;
    await client.open(uri, text, 1);
    const lines = text.split(/\r?\n/);
    const line = Math.max(0, Math.floor(lines.length / 2));
    for (let v = 2; v <= 6; v++) {
      const started = performance.now();
      await client.change(uri, v, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }]);
      samples.push(performance.now() - started);
    }
  }
  await client.shutdown();
  const s = summarize(samples);
  console.log(`keystroke → diagnostics over LSP (${samples.length} edits, ${files.length} corpus files): median ${ms(s.median)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`);
  console.log(`ratio p95 / 16 ms budget: ${(s.p95 / 16).toFixed(2)}`);
}
