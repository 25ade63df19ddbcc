// The editor worker's thread runs at a lower priority than the server's thread (Linux, where threads have their own
// niceness): the thread that lowers itself is the only one that changes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICENESS } from '../../../server/src/lsp/backgroundPriority';

describe('lsp/backgroundPriority', () => {
  it('lowers the calling thread to the background niceness and leaves the process alone', async function () {
    if (process.platform !== 'linux') this.skip();
    const script = `
      const { parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      const os = require('node:os');
      require(${JSON.stringify(path.resolve(__dirname, '../../../server/src/lsp/backgroundPriority.js'))}).lowerThisThreadPriority();
      const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
      parentPort.postMessage({ thread: os.getPriority(threadId), process: os.getPriority(process.pid) });
    `;
    const before = os.getPriority();
    const seen = await new Promise<{ thread: number; process: number }>((resolve, reject) => {
      const worker = new Worker(script, { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.equal(seen.thread, Math.max(before, BACKGROUND_NICENESS));
    // The main thread (its id is the process id) keeps its priority.
    assert.equal(seen.process, before);
    assert.equal(os.getPriority(), before);
  });
});
