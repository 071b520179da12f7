// What the read-ahead thread and the linter's thread say to each other.
import type { MessagePort } from 'node:worker_threads';
import type { PreparsedTree } from '../parse.ts';
import type { ParserModule } from '../wasm-parser.ts';

export interface AheadStart {
  /** The parser's compiled WASM: the thread instantiates it instead of compiling its own. */
  readonly module: ParserModule;
  readonly paths: readonly string[];
  /** How many files the thread may send before the linter has taken them. */
  readonly window: number;
  /**
   * Batches go out on this port, credit comes back on it: a port of its own, not the
   * worker's, so that the linter can take what has arrived without yielding to the event
   * loop (receiveMessageOnPort) while it is busy.
   */
  readonly port: MessagePort;
}

/** One file, read and parsed, or the reason it could not be read. */
export type AheadFile =
  | { readonly path: string; readonly text: string; readonly tree: PreparsedTree | undefined }
  | { readonly path: string; readonly text: undefined; readonly errorCode: string; readonly errorMessage: string };

/**
 * A batch of files as it crosses threads: their texts and parse trees as UTF-8 in one
 * transferred buffer (moved, not copied; decoding it is cheaper than the structured clone of
 * as many strings), and per file where its pieces are.
 */
export interface AheadBatch {
  readonly bytes: ArrayBuffer;
  readonly files: readonly AheadBatchFile[];
}

/** Byte ranges into AheadBatch.bytes; tree null: a syntax error, undefined: not parsed. */
export type AheadBatchFile =
  | { readonly path: string; readonly text: readonly [number, number]; readonly tree: readonly [number, number] | null | undefined }
  | { readonly path: string; readonly text: undefined; readonly errorCode: string; readonly errorMessage: string };

/** The linter took this many more files: the thread may read that many further. */
export interface AheadRequest {
  readonly taken: number;
}
