// The layer lens for a step read from the engine's build history: its time or `cached`, `time unknown` where the
// history lists the step without a time (never 0), and nothing added for a line no history or record knows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeLens, Command } from 'vscode-languageserver';
import { withTiming } from '../../../server/src/lsp/timeLenses';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { historyTiming, stepsFromHistoryLog } from '../../../server/src/core/buildRecord/buildxHistory';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/buildxHistory');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const lens = (): CodeLens => ({
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  command: { title: '8 KB', command: '' },
});

describe('lsp/timeLenses: steps from the engine build history', () => {
  const model = parseDockerfile(read('Dockerfile'));
  const log = read('logs.txt');

  it('a RUN that ran shows its time, a reused one `cached`, both with the history named in the tooltip', () => {
    const timing = historyTiming({ ref: 'r', steps: stepsFromHistoryLog(model, log) });
    const ran = withTiming(lens(), timing(4, 'RUN'));
    assert.equal(ran.command?.title, '8 KB · 0.5 s');
    assert.equal((ran.command as Command & { tooltip?: string }).tooltip, "From the engine's build history (built outside Layerwise)");
    assert.equal(withTiming(lens(), timing(3, 'RUN')).command?.title, '8 KB · cached');
  });

  it('a step the history lists without a time says `time unknown`; a line nothing knows gets nothing', () => {
    const timing = historyTiming({ ref: 'r', steps: stepsFromHistoryLog(model, log.replace('#8 DONE 0.5s', '#8 ERROR: canceled')) });
    assert.equal(withTiming(lens(), timing(4, 'RUN')).command?.title, '8 KB · time unknown');
    assert.equal(withTiming(lens(), historyTiming(undefined)(4, 'RUN')).command?.title, '8 KB');
    assert.equal(withTiming(lens(), {}).command?.title, '8 KB');
  });
});
