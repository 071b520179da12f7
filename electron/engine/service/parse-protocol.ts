// The messages between `strata lint`'s thread and its parse workers (parse-pool.ts, parse-worker.ts).
import type { PreparedSection } from '../lint/parse-section.ts';

/**
 * Read and parse the files at `paths`, whose places in the history start at `first`. A few
 * files a message: a message wakes the thread it goes to, which costs more than a file's parse.
 */
export interface ParseJob {
  readonly first: number;
  readonly paths: readonly string[];
}

/**
 * A file's text and, for bare statements, their parse; undefined when the worker did not
 * prepare it (a revision file, or a failure of its own): it is then parsed where it is linted.
 * A file that cannot be read: the error's code and message.
 */
export type PreparedFile =
  | { readonly ok: true; readonly text: string; readonly prepared: PreparedSection | undefined }
  | { readonly ok: false; readonly code: string | undefined; readonly message: string };

/** The files of the job that starts at `first`, in its order. */
export interface ParseReply {
  readonly first: number;
  readonly files: readonly PreparedFile[];
}
