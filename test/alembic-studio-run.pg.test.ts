// The studio runs an Alembic project on the suite's PostgreSQL through its contract door,
// alembic (psycopg2) doing the work: the connection's URL reaches env.py in the variable the
// project declares (strata.alembic.json "databaseUrlEnv"), never in an event; a lock timeout
// and retries as the CLI applies them (PGOPTIONS): a run that queues behind a held lock gives
// up, is retried, and fails with alembic_version unchanged; once the lock is gone it goes through.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountProject, alembicCommand, alembicVersionsOn } from './support/alembic.ts';
import { createPostgresDatabase, type TestDatabase } from './support/databases.ts';
import { openStudioDoor, outputLines, type StudioDoor } from './support/studio-door.ts';

let db: TestDatabase;
let dir: string;
let door: StudioDoor;
let connectionId: string;

beforeAll(async () => {
  db = await createPostgresDatabase();
  // sqlalchemy.url stays the template's placeholder: env.py takes the URL from APP_DB_URL.
  dir = accountProject('driver://user:pass@localhost/dbname');
  const env = join(dir, 'migrations', 'env.py');
  writeFileSync(
    env,
    readFileSync(env, 'utf8').replace(
      'config = context.config\n',
      "config = context.config\nimport os\nconfig.set_main_option('sqlalchemy.url', os.environ['APP_DB_URL'])\n",
    ),
  );
  writeFileSync(
    join(dir, 'strata.alembic.json'),
    JSON.stringify({ command: alembicCommand(), databaseUrlEnv: 'APP_DB_URL' }),
  );
  door = openStudioDoor(dir);
  const u = new URL(db.url);
  const saved = await door.ok<{ id: string }>('connections.save', {
    name: 'pg',
    settings: {
      kind: 'postgres',
      host: u.hostname,
      port: Number(u.port),
      database: u.pathname.slice(1),
      user: decodeURIComponent(u.username),
      sslMode: 'disable',
    },
    password: decodeURIComponent(u.password),
    protected: false,
  });
  connectionId = saved.id;
});

afterAll(async () => {
  await door?.dispose();
  await db?.drop();
});

const versions = (): Promise<string[]> => alembicVersionsOn(db.url);

describe('the studio runs an Alembic project through alembic (PostgreSQL)', () => {
  it('upgrades on the connection, with a lock timeout and retries around alembic', async () => {
    const first = await door.ok<{ runId: string }>('run.start', { connectionId, direction: 'upgrade', target: 'a1' });
    const events = await door.finished(first.runId);
    expect(events.at(-1)).toMatchObject({ type: 'done', applied: 1, rows: ['a1'] });
    expect(outputLines(events)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Context impl PostgresqlImpl/), 'alembic_version now: a1']),
    );
    expect(await versions()).toEqual(['a1']);
    // the password went to alembic in its environment, never into what the studio is told
    expect(JSON.stringify(events)).not.toContain(decodeURIComponent(new URL(db.url).password) + '@');

    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM account');
      const blocked = await door.ok<{ runId: string }>('run.start', {
        connectionId,
        direction: 'upgrade',
        target: 'heads',
        lockTimeout: '200ms',
        retries: 1,
      });
      const refused = await door.finished(blocked.runId, 60_000);
      const lines = outputLines(refused);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/gave up waiting for its lock \(lock_timeout 200ms\).*retry 1 of 1/),
        ]),
      );
      const failed = refused.at(-1);
      expect(failed).toMatchObject({ type: 'failed', cancelled: false, rows: ['a1'], rolledBack: true });
      expect((failed as { message: string }).message).toMatch(/lock timeout/i);
      expect(await versions()).toEqual(['a1']);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const done = await door.ok<{ runId: string }>('run.start', {
      connectionId,
      direction: 'upgrade',
      target: 'heads',
      lockTimeout: '5s',
      retries: 2,
    });
    const through = await door.finished(done.runId);
    expect(through.at(-1)).toMatchObject({ type: 'done', applied: 1, rows: ['a2'] });
    expect(await versions()).toEqual(['a2']);
    expect(door.violations).toEqual([]);
  });

  it('a lock timeout that is not a duration is refused at the door', async () => {
    const bad = await door.call('run.start', {
      connectionId,
      direction: 'upgrade',
      target: 'heads',
      lockTimeout: '5s; DROP',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
