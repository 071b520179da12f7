// A parse worker of `strata lint` over a folder of files (parse-pool.ts): reads each file it
// is given and parses it with libpg-query, so that the thread that lints only decodes the
// parser's JSON. The files are one history there, linted in order; parsing one depends on
// no other, so it runs here, ahead of the lint.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { prepareFileText } from '../lint/parse-section.ts';
import { loadParser } from '../lint/parse.ts';
import type { ParseJob, ParseReply, PreparedFile } from './parse-protocol.ts';

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');

const loaded = loadParser();

/** `parse`: the parser loaded; if it did not, the file is parsed (and the failure reported) where it is linted. */
function prepare(path: string, parse: boolean): PreparedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, code, message: error instanceof Error ? error.message : String(error) };
  }
  try {
    return { ok: true, text, prepared: parse ? prepareFileText(text) : undefined };
  } catch {
    // Whatever went wrong happens again where the file is linted, and is reported there.
    return { ok: true, text, prepared: undefined };
  }
}

function reply(job: ParseJob, parse: boolean): ParseReply {
  return { first: job.first, files: job.paths.map((path) => prepare(path, parse)) };
}

port.on('message', (job: ParseJob) => {
  void loaded.then(
    () => port.postMessage(reply(job, true)),
    () => port.postMessage(reply(job, false)),
  );
});
