// Strata's guard rails around a run alembic itself does. alembic alone writes its version
// table, so strata never touches it; what strata can do from outside is bound how long each
// statement waits for a table lock, and run the command again when it gave up waiting.
// A lock_timeout reaches the session through PGOPTIONS, which libpq reads at connect time:
// psycopg2 and psycopg (both libpq) honour it whatever env.py does; asyncpg and pg8000 do
// not, and SQLite has no lock_timeout — there the caller is told it is not applied.
// A retry is safe because alembic on PostgreSQL runs a migration in a transaction, and the
// failed one was rolled back: the next command starts from what alembic_version says.
import type { AlembicProject } from '../project/project.ts';
import { AlembicCommandError, runAlembic, type AlembicRunOptions, type AlembicRunResult } from './command.ts';
import { alembicDialect } from './environment.ts';

/** A PostgreSQL duration as SET takes it; nothing that could smuggle another option into PGOPTIONS. */
const DURATION = /^\d+(?:\.\d+)?\s*(?:us|ms|s|min|h|d)?$/;

const LIBPQ_DRIVERS = new Set([undefined, 'psycopg2', 'psycopg', 'psycopg2cffi']);

export interface LockTimeoutSetting {
  /** The environment alembic runs with (PGOPTIONS carrying the lock_timeout). */
  readonly env: NodeJS.ProcessEnv;
  /** Set when the lock_timeout cannot reach the session, saying why. */
  readonly notApplied: string | undefined;
}

export function withLockTimeout(
  alembic: AlembicProject,
  lockTimeout: string,
  env: NodeJS.ProcessEnv = process.env,
): LockTimeoutSetting {
  if (!DURATION.test(lockTimeout.trim()))
    throw new AlembicCommandError(
      'failed',
      `--lock-timeout '${lockTimeout}' is not a duration such as 500ms, 5s, 1min`,
    );
  const url = alembic.config.sqlalchemyUrl()?.trim();
  if (alembicDialect(alembic.settings, url) === 'sqlite')
    return { env, notApplied: 'SQLite has no lock_timeout; --lock-timeout is not applied' };
  const driver = url ? /^postgres(?:ql)?(?:\+([a-z0-9_]+))?:/i.exec(url)?.[1]?.toLowerCase() : undefined;
  if (url && !LIBPQ_DRIVERS.has(driver))
    return {
      env,
      notApplied:
        `the ${driver ?? 'configured'} driver does not read PGOPTIONS, so --lock-timeout is not applied; ` +
        `set lock_timeout in env.py (e.g. connect_args, or SET lock_timeout in run_migrations_online)`,
    };
  const option = `-c lock_timeout=${lockTimeout.trim().replace(/\s+/g, '')}`;
  return {
    env: { ...env, PGOPTIONS: env.PGOPTIONS ? `${env.PGOPTIONS} ${option}` : option },
    notApplied: url
      ? undefined
      : 'sqlalchemy.url is not in the configuration (env.py computes it): ' +
        '--lock-timeout reaches the session only if its driver is libpq-based (psycopg2, psycopg)',
  };
}

/** Whether alembic failed because a statement gave up waiting for a lock (PostgreSQL 55P03). */
export function failedOnLockTimeout(error: unknown): boolean {
  return (
    error instanceof AlembicCommandError &&
    error.reason === 'failed' &&
    /lock timeout|LockNotAvailable|55P03/i.test(`${error.message}\n${error.output}`)
  );
}

export interface RetryOptions extends AlembicRunOptions {
  readonly retries: number;
  /** Told before each retry: which attempt, after how long a pause. */
  readonly onRetry?: (attempt: number, delayMs: number) => void;
  /** The pause before the first retry, doubled for each one after it. */
  readonly delayMs?: number;
}

/** `alembic ARGS`, run again (at most `retries` times) while it fails on a lock timeout. */
export async function runAlembicWithRetries(
  alembic: AlembicProject,
  args: readonly string[],
  options: RetryOptions,
): Promise<AlembicRunResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runAlembic(alembic, args, options);
    } catch (error) {
      if (attempt >= options.retries || !failedOnLockTimeout(error) || options.signal?.aborted) throw error;
      const delay = (options.delayMs ?? 500) * 2 ** attempt;
      options.onRetry?.(attempt + 1, delay);
      await new Promise((done) => setTimeout(done, delay));
    }
  }
}
