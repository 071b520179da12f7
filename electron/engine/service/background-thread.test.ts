// A worker that runs in the background takes the lowest priority, and only it: the thread
// that started it keeps its own.
import { readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/** The nice value of a thread, from /proc/<pid>/task/<tid>/stat (field 19). */
function niceOf(taskPath: string): number {
  const stat = readFileSync(`/proc/${taskPath}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('runInBackground', () => {
  it('gives the worker thread nice 19 and leaves the main thread alone', async () => {
    const module = new URL('./background-thread.ts', import.meta.url).href;
    const worker = new Worker(
      `import { register } from 'tsx/esm/api'; register();
       const { parentPort } = await import('node:worker_threads');
       const { readlinkSync } = await import('node:fs');
       const { runInBackground } = await import(${JSON.stringify(module)});
       runInBackground();
       parentPort.postMessage(readlinkSync('/proc/thread-self'));`,
      { eval: true },
    );
    const task = await new Promise<string>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    try {
      expect(niceOf(task)).toBe(19);
      expect(niceOf(readlinkSync('/proc/thread-self'))).toBe(niceOf('self'));
      expect(niceOf(readlinkSync('/proc/thread-self'))).not.toBe(19);
    } finally {
      await worker.terminate();
    }
  });
});
