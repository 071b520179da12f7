// How another runner runs a plain .sql file that has no Strata header: inside a transaction of
// its own, or not. The linter needs it to know which statements are inside a transaction
// block (CONCURRENTLY is refused there; locks are held until COMMIT) and whether BEGIN/COMMIT
// in the file fight the runner's own.
//
// - diesel: each migration in a transaction, unless its folder's metadata.toml says
//   `run_in_transaction = false`.
// - Flyway: each V/U/R script in a transaction, unless its `<script>.conf` says
//   `executeInTransaction=false`.
// - golang-migrate: no transaction of its own, but the whole file is one query, which
//   PostgreSQL runs as one implicit transaction when it holds more than one statement.
// - sqitch: no transaction of its own; deploy/revert/verify scripts carry BEGIN/COMMIT.
// - anything else: one transaction (as a Strata revision), unless the file has its own
//   BEGIN/COMMIT, which then are its only transactions (as psql runs it).
import { basename, dirname, join } from 'node:path';

/**
 * - wrapped: the runner opens a transaction around the file and commits it at the end;
 * - none: each statement commits on its own, except between the file's BEGIN and COMMIT;
 * - implicit: one transaction when the file has more than one statement (a multi-statement query);
 * - unless-own: wrapped, unless the file has BEGIN/COMMIT of its own (then none).
 */
export type TransactionMode = 'wrapped' | 'none' | 'implicit' | 'unless-own';

export interface RunnerConvention {
  /** The runner, for messages ('diesel'); undefined: no runner recognised. */
  readonly runner: string | undefined;
  readonly mode: TransactionMode;
}

/** A sibling file's text, or undefined when there is none. */
export type ReadSibling = (path: string) => string | undefined;

const DIESEL_FOLDER = /^(\d{4}-\d{2}-\d{2}-\d{6}|\d{14})_/;
const FLYWAY_SCRIPT = /^[VU]\d[^_]*__.+\.sql$|^R__.+\.sql$/;
const GOLANG_MIGRATE = /^\d+_.+\.(up|down)\.sql$/;
const SQITCH_FOLDER = /^(deploy|revert|verify)$/;

/** A `key = value` setting in a TOML or .conf text (comments and quotes ignored). */
function setting(text: string | undefined, key: string): string | undefined {
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(0, eq).trim() === key)
      return line
        .slice(eq + 1)
        .trim()
        .replace(/^["']|["']$/g, '')
        .toLowerCase();
  }
  return undefined;
}

export function runnerConvention(path: string, read: ReadSibling): RunnerConvention {
  const name = basename(path);
  const folder = dirname(path);
  if (
    (name === 'up.sql' || name === 'down.sql') &&
    (DIESEL_FOLDER.test(basename(folder)) || read(join(folder, 'metadata.toml')) !== undefined)
  ) {
    return {
      runner: 'diesel',
      mode: setting(read(join(folder, 'metadata.toml')), 'run_in_transaction') === 'false' ? 'none' : 'wrapped',
    };
  }
  if (FLYWAY_SCRIPT.test(name))
    return {
      runner: 'Flyway',
      mode: setting(read(`${path}.conf`), 'executeInTransaction') === 'false' ? 'none' : 'wrapped',
    };
  if (GOLANG_MIGRATE.test(name)) return { runner: 'golang-migrate', mode: 'implicit' };
  if (SQITCH_FOLDER.test(basename(folder)) && read(join(dirname(folder), 'sqitch.plan')) !== undefined)
    return { runner: 'sqitch', mode: 'none' };
  return { runner: undefined, mode: 'unless-own' };
}
