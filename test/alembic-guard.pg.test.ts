// Guard rails around runs alembic does (real alembic, psycopg2, the suite's PostgreSQL): the
// plan is printed before alembic starts; --lock-timeout reaches alembic's session through
// PGOPTIONS, and a run that gives up on a lock is retried, then succeeds once the lock is
// gone; alembic_version is only ever written by alembic. Where the lock_timeout cannot apply
// (SQLite), strata says so.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountProject, alembicVersionsOn, strata } from './support/alembic.ts';
import { createPostgresDatabase, type TestDatabase } from './support/databases.ts';

function project(url: string): string {
  return accountProject(url);
}

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createPostgresDatabase();
  dir = project(db.url.replace(/^postgres(ql)?:/, 'postgresql+psycopg2:'));
});
afterAll(async () => {
  await db.drop();
});

const versions = (): Promise<string[]> => alembicVersionsOn(db.url);

describe('runs through alembic, guarded', () => {
  it('prints the plan, then a lock held elsewhere: retried on lock_timeout, then done once it is gone', async () => {
    const first = await strata(['--project', dir, 'upgrade', 'a1'], dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /1 step to upgrade a1\n {2}upgrade {3}a1 {2}message of a1\nrunning: alembic upgrade a1/,
    );
    expect(await versions()).toEqual(['a1']);

    // A reader in a long transaction: ADD COLUMN needs ACCESS EXCLUSIVE and queues behind it.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM account');
      const refused = await strata(
        ['--project', dir, 'upgrade', 'heads', '--lock-timeout', '200ms', '--retries', '1'],
        dir,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('1 step to upgrade heads');
      expect(refused.stderr).toMatch(/gave up waiting for its lock \(lock_timeout 200ms\).*retry 1 of 1/);
      expect(refused.stderr).toMatch(/lock timeout/);
      expect(await versions()).toEqual(['a1']);

      // released while strata waits to retry: the retry goes through
      const run = strata(['--project', dir, 'upgrade', 'heads', '--lock-timeout', '200ms', '--retries', '4'], dir);
      // the first attempt queues for the lock, then gives up (lock_timeout): the lock goes after that
      const waiting = async (): Promise<boolean> =>
        // This database's waits only: other test files share the server and wait on locks of their own.
        (
          await holder.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database ' +
              'WHERE NOT l.granted AND d.datname = current_database()',
          )
        ).rows[0]?.n !== 0;
      await expect.poll(waiting, { timeout: 30_000, interval: 20 }).toBe(true);
      await expect.poll(waiting, { timeout: 30_000, interval: 20 }).toBe(false);
      await holder.query('COMMIT');
      const done = await run;
      expect(done.stderr).toMatch(/retry 1 of 4/);
      expect(done.code).toBe(0);
      expect(await versions()).toEqual(['a2']);
    } finally {
      await holder.end();
    }
  });

  it('says when the lock_timeout cannot apply, and refuses --retries without it', async () => {
    const lite = project('sqlite:///app.db');
    const out = await strata(['--project', lite, 'upgrade', 'heads', '--lock-timeout', '1s'], lite);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('warning: SQLite has no lock_timeout; --lock-timeout is not applied');
    expect(out.stderr).toContain('2 steps to upgrade heads');
    const retries = await strata(['--project', lite, 'downgrade', 'base', '--retries', '2'], lite);
    expect(retries.code).toBe(2);
    expect(retries.stderr).toContain('--retries needs --lock-timeout');
  });
});
