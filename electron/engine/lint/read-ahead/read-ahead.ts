// Lint of many files on two threads: a worker reads each file and runs the PostgreSQL
// parser over it (read-ahead-worker.ts) while this thread lints the files before it. The
// worker instantiates the WASM module this thread compiled, so the parser's machine code
// (and V8's tier-up of it) exists once; what crosses over is text (the file and the
// parser's JSON), which costs a copy, where an object tree would cost a structured clone.
// If the worker cannot start or dies, the files it has not delivered are read here.
import { readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { loadParserFrom } from '../parse.ts';
import { compileParserModule } from '../wasm-parser.ts';
import type { AheadBatch, AheadBatchFile, AheadFile, AheadRequest, AheadStart } from './protocol.ts';

export type { AheadFile } from './protocol.ts';

/** Files the worker may be ahead of the linter: enough to never wait, few enough to hold. */
const WINDOW = 256;
/** Credit goes back in steps, not a message per file. */
const CREDIT_STEP = 64;

function spawn(start: AheadStart): Worker {
  const here = import.meta.url;
  const options = { workerData: start, transferList: [start.port] };
  if (here.endsWith('.ts')) {
    // From source (tsx, vitest): the worker boots through tsx's loader.
    const entry = new URL('./read-ahead-worker.ts', here).href;
    return new Worker(`import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(entry)});`, { ...options, eval: true });
  }
  // The bundle (scripts/build-cli.mjs) puts the worker's entry beside its chunks.
  return new Worker(new URL('./lint-read-ahead.js', here), options);
}

/** A file read on this thread: the fallback when the worker is gone. */
export function readHere(path: string): AheadFile {
  try {
    return { path, text: readFileSync(path, 'utf8'), tree: undefined };
  } catch (error) {
    return { path, text: undefined, errorCode: (error as NodeJS.ErrnoException).code ?? 'EIO', errorMessage: error instanceof Error ? error.message : String(error) };
  }
}

function unpack(bytes: Buffer, file: AheadBatchFile): AheadFile {
  if (file.text === undefined) return file;
  const { path, text, tree } = file;
  return { path, text: bytes.toString('utf8', text[0], text[1]), tree: tree ? bytes.toString('utf8', tree[0], tree[1]) : tree };
}

export class ReadAhead {
  private readonly received: AheadFile[] = [];
  private taken = 0;
  private owed = 0;
  private failed = false;
  private closed = false;
  /** Why the worker stopped before the end, if it did: the caller says so, once. */
  failure: Error | undefined;
  private wake: (() => void) | undefined;
  private arrived!: (fromWorker: boolean) => void;
  /** Settles when the worker's first files arrive (true), or when it is gone before (false). */
  readonly delivering = new Promise<boolean>((resolve) => (this.arrived = resolve));

  private constructor(
    private readonly paths: readonly string[],
    private readonly worker: Worker | undefined,
    private readonly port: MessagePort,
  ) {
    if (!worker) {
      this.failed = true;
      this.arrived(false);
      return;
    }
    worker.unref();
    port.unref();
    port.on('message', (batch: AheadBatch) => {
      this.accept(batch);
      this.resume();
    });
    // Whatever stops the worker early, the rest is read here.
    const fail = (error: Error): void => {
      if (!this.closed) this.failure ??= error;
      this.failed = true;
      this.arrived(false);
      this.resume();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the read-ahead thread exited with code ${code}`)));
  }

  /** Starts the worker over `paths` and loads this thread's parser from the same WASM module. */
  static async start(paths: readonly string[]): Promise<ReadAhead> {
    const module = await compileParserModule();
    const { port1, port2 } = new MessageChannel();
    let worker: Worker | undefined;
    let failure: Error | undefined;
    try {
      worker = spawn({ module, paths, window: WINDOW, port: port2 });
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    await loadParserFrom(module);
    const ahead = new ReadAhead(paths, worker, port1);
    ahead.failure ??= failure;
    return ahead;
  }

  /** The next file, in the order of `paths`. */
  async next(): Promise<AheadFile> {
    const index = this.taken++;
    if (index >= this.paths.length) throw new Error('internal: read-ahead asked for more files than it was given');
    // What has arrived meanwhile, without a turn of the event loop; only when it is needed,
    // as each look at the port costs a call into the runtime.
    if (this.received.length <= index) for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.accept(m.message as AheadBatch);
    // Until the worker's first files arrive (it takes a while to boot), this thread reads
    // the files itself rather than wait; the worker's copies of those are dropped. It looks
    // at the event loop now and then meanwhile, or a worker that failed to start would go
    // unnoticed until the end.
    if (this.received.length === 0 && !this.failed && index % 8 === 7) await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.received.length > 0) {
      while (this.received.length <= index && !this.failed) {
        // Credit for every file taken so far first: a worker out of credit would wait for us.
        this.giveCredit();
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
    const file = this.received[index];
    // Dropped once taken, so that a long run holds only the window.
    if (file !== undefined) this.received[index] = undefined as never;
    if (++this.owed >= CREDIT_STEP) this.giveCredit();
    return file ?? readHere(this.paths[index] as string);
  }

  /** Stops the worker (at the end, or when the caller gives up early). */
  close(): void {
    this.closed = true;
    this.failed = true;
    this.arrived(false);
    this.port.close();
    void this.worker?.terminate();
  }

  /** Tells the worker how many more files it may read: as many as were taken (here or there). */
  private giveCredit(): void {
    if (this.owed === 0 || this.failed) return;
    this.port.postMessage({ taken: this.owed } satisfies AheadRequest);
    this.owed = 0;
  }

  private accept(batch: AheadBatch): void {
    this.arrived(true);
    const bytes = Buffer.from(batch.bytes);
    for (const file of batch.files) this.received.push(unpack(bytes, file));
  }

  private resume(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
