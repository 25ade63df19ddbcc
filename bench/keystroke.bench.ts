// Keystroke-to-diagnostics in the running server, over the real protocol: for each corpus file, open it, then
// type characters into a line and time each one until the diagnostics for that version arrive. Two cadences:
// keystrokes 100 ms apart (a fast typist's pace: the server's throttle window has closed, as it would while
// typing) and back to back (each keystroke sent the moment the previous diagnostics arrive: the worst case, where
// the throttle coalesces on purpose). The ratio printed is against the 16 ms frame budget the issue sets; there is
// no peer (VS Code's built-in Docker support has no language server to type into).
import { LspTestClient } from '../test/protocol/lspClient';
import { summarize, ms } from './stats';
import { corpusFiles } from '../test/helpers/corpus';

const TYPING_INTERVAL_MS = 100;

export async function run(): Promise<void> {
  const files = corpusFiles().slice(0, 120);
  const client = new LspTestClient();
  await client.initialize({ editorFeatures: true });
  const samples: number[] = [];
  const backToBack: number[] = [];
  let n = 0;
  for (const { text } of files) {
    const uri = `file:///bench/${n++}/Dockerfile`;
    await client.open(uri, text, 1);
    const lines = text.split(/\r?\n/);
    const line = Math.max(0, Math.floor(lines.length / 2));
    for (let v = 2; v <= 11; v++) {
      const paced = v <= 6;
      if (paced) await new Promise((r) => setTimeout(r, TYPING_INTERVAL_MS));
      const started = performance.now();
      await client.change(uri, v, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }]);
      (paced ? samples : backToBack).push(performance.now() - started);
    }
  }
  await client.shutdown();
  const s = summarize(samples);
  const b = summarize(backToBack);
  console.log(`keystroke → diagnostics over LSP, ${files.length} corpus files:`);
  console.log(
    `  typing, ${TYPING_INTERVAL_MS} ms apart (${samples.length} edits): median ${ms(s.median)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}  (ratio p95 / 16 ms budget: ${(s.p95 / 16).toFixed(2)})`,
  );
  console.log(
    `  back to back, worst case (${backToBack.length} edits): median ${ms(b.median)}, p95 ${ms(b.p95)}, p99 ${ms(b.p99)}  (ratio ${(b.p95 / 16).toFixed(2)})`,
  );
}
