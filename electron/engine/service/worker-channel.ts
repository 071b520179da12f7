// The main thread's side of an engine worker (database work, lint): requests with replies
// matched by id, anything else the worker posts handed to `onOther`, and a clean failure of
// every pending request when the worker stops. From source (tsx) a worker boots through
// tsx's loader; from a bundle (dist/electron, dist/cli) its .js file sits beside the bundle,
// which scripts/build.mjs and scripts/build-cli.mjs make sure of.
import { Worker } from 'node:worker_threads';
import { ApiFailure } from '../../../shared/api/error-codes.ts';
import type { OperationMap, ReplyOf, WorkerReply } from './worker-protocol.ts';

export type WorkerName = 'db-worker' | 'lint-worker';

function spawnWorker(name: WorkerName): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL(`./${name}.ts`, here).href;
    return new Worker(`import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(entry)});`, {
      eval: true,
    });
  }
  return new Worker(new URL(`./${name}.js`, here));
}

export class WorkerChannel<Ops extends OperationMap, Other extends { readonly kind: string } = never> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly name: WorkerName,
    private readonly what: string,
    private readonly onOther: (message: Other) => void = () => {},
  ) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(this.name);
    worker.unref();
    worker.on('message', (message: WorkerReply | Other) => {
      if (message.kind !== 'reply') {
        this.onOther(message as Other);
        return;
      }
      const reply = message as WorkerReply;
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new ApiFailure(reply.error.code, reply.error.message, reply.error.details));
    });
    const fail = (error: Error): void => {
      if (this.worker !== worker) return;
      for (const p of this.pending.values())
        p.reject(new ApiFailure('internal', `${this.what} stopped: ${error.message}`));
      this.pending.clear();
      this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** Operation `op` with its parameters; the reply is that operation's. */
  request<K extends keyof Ops & string>(op: K, params: Ops[K]['request']): Promise<ReplyOf<Ops, K>> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<ReplyOf<Ops, K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...params, op, id });
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new ApiFailure('internal', `${this.what} stopped`));
    this.pending.clear();
    if (worker) await worker.terminate();
  }
}
