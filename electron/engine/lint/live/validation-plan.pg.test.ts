// The foreign-key check's plan on the embedded PostgreSQL: the join PostgreSQL's own check runs
// (auto_explain of a real ADD FOREIGN KEY), against what readValidationPlan reads from EXPLAIN.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import { openSession, type PgSession } from '../../dialects/postgres/sessions.ts';
import { readTableFacts, type TableFacts } from './table-shapes.ts';
import { readValidationPlan } from './validation-plan.ts';

describe('readValidationPlan', () => {
  let db: TestDatabase;
  let setup: pg.Client;
  let session: PgSession;
  const facts = async (name: string): Promise<TableFacts> => {
    const t = await readTableFacts(session, name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  };
  beforeAll(async () => {
    db = await createPostgresDatabase();
    setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    await setup.query(
      `CREATE TABLE parent (id int PRIMARY KEY);
       INSERT INTO parent SELECT g FROM generate_series(1, 200000) g;
       CREATE TABLE child (id int, pid int);
       INSERT INTO child SELECT g, (g * 7919) % 200000 + 1 FROM generate_series(1, 200000) g;
       CREATE TABLE few (pid int);
       INSERT INTO few SELECT g FROM generate_series(1, 50) g;
       ANALYZE parent, child, few;`,
    );
    // Parallel plans made free: EXPLAIN of the check's query as typed plans workers here.
    await setup.query(
      `DO $$ BEGIN
         EXECUTE format('ALTER DATABASE %I SET parallel_setup_cost = 0', current_database());
         EXECUTE format('ALTER DATABASE %I SET parallel_tuple_cost = 0', current_database());
         EXECUTE format('ALTER DATABASE %I SET min_parallel_table_scan_size = 0', current_database());
       END $$`,
    );
    session = await openSession(db.url);
  });
  afterAll(async () => {
    await session?.close();
    await setup?.end();
    await db?.drop();
  });

  const checkQuery =
    'SELECT fk.pid FROM ONLY child fk LEFT OUTER JOIN ONLY parent pk ON (pk.id = fk.pid) ' +
    'WHERE pk.id IS NULL AND (fk.pid IS NOT NULL)';

  it('reads the serial hash anti-join the check runs, not the parallel plan of the query typed by hand', async () => {
    const observer = new pg.Client({ connectionString: db.url });
    await observer.connect();
    try {
      const typed = await observer.query(`EXPLAIN ${checkQuery}`);
      expect(typed.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')).toMatch(/Gather/);
      // What PostgreSQL really ran for ADD FOREIGN KEY, through auto_explain.
      const logged: string[] = [];
      observer.on('notice', (n) => logged.push(n.message ?? ''));
      await observer.query(
        `LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
         SET client_min_messages = log; BEGIN;
         ALTER TABLE child ADD FOREIGN KEY (pid) REFERENCES parent (id); ROLLBACK`,
      );
      const ran = logged.find((m) => m.includes('LEFT OUTER JOIN'));
      expect(ran).toMatch(/Hash Anti Join/);
      expect(ran).not.toMatch(/Gather|Parallel/);
    } finally {
      await observer.end();
    }
    const plan = await readValidationPlan(session, {
      table: await facts('child'),
      columns: ['pid'],
      referenced: await facts('parent'),
      referencedColumns: [],
    });
    expect(plan).toEqual({
      method: 'hash',
      probe: { rows: 200000, width: 4, sorted: false },
      build: { rows: 200000, width: 4, sorted: false },
    });
  });

  it('reads which side the planner hashes or loops over: a small referencing table', async () => {
    const plan = await readValidationPlan(session, {
      table: await facts('few'),
      columns: ['pid'],
      referenced: await facts('parent'),
      referencedColumns: ['id'],
    });
    expect(plan?.method).toBeDefined();
    expect([plan?.probe.rows, plan?.build.rows]).toContain(50);
  });

  it('gives no plan for a key unlike the referenced one (the model then assumes a hash join)', async () => {
    const plan = await readValidationPlan(session, {
      table: await facts('child'),
      columns: ['pid', 'id'],
      referenced: await facts('parent'),
      referencedColumns: [],
    });
    expect(plan).toBeUndefined();
  });
});
