import assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE } from '../../server/src/workspace/threadPriority';

// A language server's scan worker runs below the thread that answers edits: on Linux that thread
// alone is lowered, the rest of the process (the editor's requests) keeps its priority.

const MODULE = path.resolve(__dirname, '../../server/src/workspace/threadPriority.ts');

function inWorker(): Promise<{ tid?: number; not?: string; nice?: number }> {
  const code = `
    require('tsx/cjs');
    const { parentPort } = require('node:worker_threads');
    const { getPriority } = require('node:os');
    const result = require(${JSON.stringify(MODULE)}).lowerThreadPriority();
    parentPort.postMessage({ ...result, ...(result.tid ? { nice: getPriority(result.tid) } : {}) });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('background scan threads', () => {
  it('on Linux, lowers the worker thread alone: the process (the thread answering edits) keeps its priority', async () => {
    const before = getPriority();
    const result = await inWorker();
    if (process.platform !== 'linux') {
      // Priority is the process's there: lowering it would slow edits too, so nothing changes.
      assert.match(result.not ?? '', /per process/);
      assert.equal(getPriority(), before);
      return;
    }
    assert.equal(result.not, undefined);
    assert.ok(result.tid && result.tid !== process.pid);
    assert.equal(result.nice, Math.max(before, BACKGROUND_NICE));
    assert.equal(getPriority(), before);
  });
});
