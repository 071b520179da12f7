// The main thread's handle on a database worker: requests with replies, run events pushed.
// From source (tsx) the worker boots through tsx's loader; from a bundle, db-worker.js sits
// beside the bundle.
import { Worker } from 'node:worker_threads';
import { ApiFailure } from '../../../shared/api/errors.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type HostRequest = DistributiveOmit<WorkerRequest, 'id'>;

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./db-worker.ts', here).href;
    return new Worker(`import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(entry)});`, { eval: true });
  }
  return new Worker(new URL('./db-worker.js', here));
}

export class DatabaseHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly onRunEvent: (runId: string, event: unknown) => void) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'run-event') {
        this.onRunEvent(message.runId, message.event);
        return;
      }
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new ApiFailure(message.error.code, message.error.message, message.error.details));
    });
    const fail = (error: Error): void => {
      for (const p of this.pending.values()) p.reject(new ApiFailure('internal', `database worker stopped: ${error.message}`));
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  request<T>(request: HostRequest): Promise<T> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
