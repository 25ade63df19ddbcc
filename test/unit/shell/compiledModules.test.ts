// The shell parser loaded in a worker thread from WebAssembly modules the main thread compiled (cli/lintPool.ts
// posts them): the worker parses as a thread that compiled its own, and it really uses the posted modules.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { compileShellParserModules } from '../../../server/src/core/shell/parser';

const PARSER = path.resolve(__dirname, '../../../server/src/core/shell/parser.js');

/** Loads the parser in a fresh thread with `modules`, parses `script`; the root's kind and whether the worker compiled any WebAssembly itself. */
function parseInWorker(modules: unknown, script: string): Promise<{ root: string; compiledItself: boolean }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    let compiledItself = false;
    for (const name of ['compile', 'instantiate']) {
      const original = WebAssembly[name];
      WebAssembly[name] = (...args) => ((compiledItself = true), original.apply(WebAssembly, args));
    }
    const parser = require(workerData.parser);
    parser.initShellParser(workerData.modules).then(() => {
      const tree = parser.parseBash(workerData.script);
      parentPort.postMessage({ root: tree.rootNode.toString(), compiledItself });
      tree.delete();
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { parser: PARSER, modules, script } });
    worker.once('message', (message: { root: string; compiledItself: boolean }) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('shell parser from modules compiled on another thread', function () {
  this.timeout(60_000);

  it('parses in a worker from the posted modules without compiling any itself', async () => {
    const modules = await compileShellParserModules();
    const script = 'apt-get update && apt-get install -y curl | tee log';
    const posted = await parseInWorker(modules, script);
    const own = await parseInWorker(undefined, script);
    assert.equal(posted.compiledItself, false);
    assert.equal(own.compiledItself, true, 'the check sees a worker compile');
    assert.equal(posted.root, own.root);
    assert.match(posted.root, /^\(program \(list .*\(pipeline/);
  });
});
