// The read-ahead thread: reads each file, finds the section lint will read (file-target.ts)
// and runs the PostgreSQL parser over it, in file order, ahead of the linter. Only bytes
// cross back: the file and the parser's JSON, in one transferred buffer per batch.
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { fileTarget } from '../file-target.ts';
import { loadParserFrom, parseTreeBytes } from '../parse.ts';
import type { AheadBatch, AheadBatchFile, AheadRequest, AheadStart } from './protocol.ts';

const { module, paths, window, port } = workerData as AheadStart;

/** A batch stops growing here: the linter gets its first files soon. */
const BATCH_BYTES = 64 * 1024;

/** Files sent and not yet taken by the linter: the thread stops there until it hears back. */
let credit = window;
let next = 0;

/** Builds one batch: the files' pieces laid end to end in a buffer of its own. */
function batch(limit: number): AheadBatch {
  const pieces: Buffer[] = [];
  const files: AheadBatchFile[] = [];
  let size = 0;
  const place = (piece: Buffer): [number, number] => {
    pieces.push(piece);
    size += piece.length;
    return [size - piece.length, size];
  };
  while (files.length < limit && next < paths.length && size < BATCH_BYTES) {
    const path = paths[next++] as string;
    let raw: Buffer;
    try {
      raw = readFileSync(path);
    } catch (error) {
      files.push({ path, text: undefined, errorCode: (error as NodeJS.ErrnoException).code ?? 'EIO', errorMessage: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const found = fileTarget(raw.toString('utf8'), path);
    const text = place(raw);
    const tree = found.ok ? parseTreeBytes(found.target.section.text) : undefined;
    files.push({ path, text, tree: tree ? place(tree) : tree });
  }
  // Not Buffer.concat: a small one comes out of the shared pool, which cannot be transferred.
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const piece of pieces) at += piece.copy(bytes, at);
  return { bytes: bytes.buffer as ArrayBuffer, files };
}

/** Sends batches as long as there is credit. */
function pump(): void {
  while (credit > 0 && next < paths.length) {
    const out = batch(credit);
    credit -= out.files.length;
    port.postMessage(out, [out.bytes]);
  }
}

port.on('message', (request: AheadRequest) => {
  credit += request.taken;
  pump();
});

await loadParserFrom(module);
pump();
