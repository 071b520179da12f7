// Parse workers for `strata lint` over many files. A folder of migration files is one
// history: each file is linted against the schema the files before it built, so the lint
// itself runs in order on one thread. Reading and parsing a file depend on no other: worker
// threads do them ahead of the lint (parse-worker.ts), and the linting thread only decodes
// the parser's JSON. It pays only with enough files: a worker takes tens of milliseconds to
// start and load the parser, so a short run (one file: the start-up budget) never starts one.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ParseJob, ParseReply, PreparedFile } from './parse-protocol.ts';
import { spawnWorker } from './worker-channel.ts';

export type { PreparedFile } from './parse-protocol.ts';

/**
 * Below this many files a run ends as soon without workers: a worker's start (a thread, Node's
 * bootstrap, the parser's WASM) costs about what parsing 100 of the bench's files on the linting
 * thread does (bench/lint corpus, 2 cores: the linting thread's CPU 14% less, the process's
 * 30% more). At 1,000 files the linting thread's CPU is 27% less, the process's 3% more.
 */
export const MIN_POOL_FILES = 200;
/** One worker keeps up with the lint of a few hundred files; more only start for longer runs. */
const FILES_PER_WORKER = 400;
const MAX_WORKERS = 4;
/** Files parsed ahead of the lint, at most: memory stays bounded in a folder of any size. */
const AHEAD = 256;
/** Files a message (parse-protocol.ts), and messages a worker holds at once: it never waits for the next. */
const BATCH = 8;
const PER_WORKER = 2;

/**
 * How many parse workers a lint of `files` files starts: none for a short run, and never
 * more than the cores left beside the linting thread (one core: none).
 */
export function parseWorkerCount(files: number, cores = availableParallelism()): number {
  if (files < MIN_POOL_FILES) return 0;
  return Math.max(0, Math.min(MAX_WORKERS, cores - 1, Math.ceil(files / FILES_PER_WORKER)));
}

interface Slot {
  readonly promise: Promise<PreparedFile>;
  resolve(file: PreparedFile): void;
  reject(error: Error): void;
  settled: boolean;
}

function slot(): Slot {
  let resolve!: (file: PreparedFile) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<PreparedFile>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejected when a worker fails, possibly before anyone takes it: the taker sees the error.
  promise.catch(() => {});
  return { promise, resolve, reject, settled: false };
}

/** Files read and parsed on worker threads, taken in order (take(0), take(1)…). */
export class ParsePool {
  private readonly workers: { readonly worker: Worker; busy: number }[] = [];
  private readonly slots = new Map<number, Slot>();
  private sent = 0;
  private taken = 0;
  private failure: Error | undefined;

  constructor(
    private readonly paths: readonly string[],
    workers: number,
  ) {
    for (let w = 0; w < workers; w++) {
      const entry = { worker: spawnWorker('parse-worker'), busy: 0 };
      entry.worker.on('message', (reply: ParseReply) => {
        entry.busy--;
        reply.files.forEach((file, i) => this.settle(reply.first + i, file));
        this.dispatch();
      });
      entry.worker.on('error', (error: Error) => this.fail(error));
      entry.worker.on('exit', (code) => this.fail(new Error(`exit code ${code}`)));
      this.workers.push(entry);
    }
    this.dispatch();
  }

  /** The file at `index` of the paths given: its text and, for bare statements, their parse. */
  take(index: number): Promise<PreparedFile> {
    if (this.failure && !this.slots.has(index)) return Promise.reject(this.failure);
    const s = this.slotOf(index);
    // Kept until it settles: a worker that fails meanwhile rejects it.
    if (s.settled) this.slots.delete(index);
    this.taken = Math.max(this.taken, index + 1);
    this.dispatch();
    return s.promise;
  }

  close(): void {
    this.failure ??= new Error('closed');
    for (const { worker } of this.workers) void worker.terminate();
    this.workers.length = 0;
  }

  private settle(index: number, file: PreparedFile): void {
    const s = this.slotOf(index);
    s.resolve(file);
    s.settled = true;
    // Already taken: its taker holds the promise.
    if (index < this.taken) this.slots.delete(index);
  }

  private slotOf(index: number): Slot {
    let s = this.slots.get(index);
    if (!s) {
      s = slot();
      this.slots.set(index, s);
    }
    return s;
  }

  private dispatch(): void {
    if (this.failure) return;
    for (const entry of this.workers) {
      while (entry.busy < PER_WORKER && this.sent < this.paths.length && this.sent < this.taken + AHEAD) {
        const job: ParseJob = { first: this.sent, paths: this.paths.slice(this.sent, this.sent + BATCH) };
        this.sent += job.paths.length;
        entry.busy++;
        entry.worker.postMessage(job);
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = new Error(`a parse worker of lint stopped: ${error.message}`);
    for (const s of this.slots.values()) if (!s.settled) s.reject(this.failure);
  }
}
