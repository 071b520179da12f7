// The size-aware preview on the embedded PostgreSQL: known row counts after ANALYZE, unit
// costs measured on the server and kept, and a second session's lock showing up as a conflict.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import { lintFileText } from '../lint-file.ts';
import { EXAMPLE_UNIT_COSTS } from '../../../../test/support/lock-estimate-matrix.ts';
import type { Calibration } from './calibration.ts';
import { liveImpact } from './live-impact.ts';

/** Unit costs given by the test, where the numbers do not matter. */
const GIVEN: Calibration = {
  method: 'given',
  costs: EXAMPLE_UNIT_COSTS,
};

describe('liveImpact', () => {
  let db: TestDatabase;
  let setup: pg.Client;
  beforeAll(async () => {
    db = await createPostgresDatabase();
    setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    await setup.query(
      "CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, repeat('x', " +
        '50) FROM generate_series(1, 20000) g; CREATE TABLE small (id int); ANALYZE orders;',
    );
  });
  afterAll(async () => {
    await setup?.end();
    await db?.drop();
  });

  it('reports rows, bytes and a measured lock-hold estimate for a rewrite', async () => {
    const impact = await liveImpact(
      db.url,
      [{ locks: [{ relation: 'orders', mode: 'AccessExclusiveLock', kind: 'table' }], rewrites: true, scans: true }],
      { sampleRows: 20_000, rounds: 1 },
    );
    const orders = impact.relations.find((r) => r.relation === 'orders');
    expect(orders?.rows).toBe(20000);
    expect(orders?.bytes).toBeGreaterThan(1_000_000);
    expect(orders?.work).toBe('rewrite');
    expect(orders?.estimatedSeconds).toBeGreaterThan(0);
    // A rewrite copies the heap and rebuilds the primary key's index.
    expect(orders?.method).toMatch(/^rewrite: copy .* \+ rebuild 1 index/);
    expect(impact.calibration.method).toMatch(/rolled-back transaction .*20000 narrow rows/);
    expect(impact.calibration.method).toMatch(/waiting to get the lock is not included/);
    expect(orders?.conflictingSessions).toEqual([]);
    // The measurement left nothing behind.
    expect((await setup.query("SELECT to_regclass('strata_probe_narrow') AS r")).rows[0].r).toBeNull();
    // Measured once per server: the next estimate reuses it, and says so.
    const again = await liveImpact(db.url, [
      { locks: [{ relation: 'orders', mode: 'AccessExclusiveLock', kind: 'table' }], rewrites: true, scans: true },
    ]);
    expect(again.calibration.method).toMatch(/kept from the first estimate on this server/);
    expect(again.relations[0]?.estimatedSeconds).toBe(orders?.estimatedSeconds);
  });

  it('shows a second session holding a conflicting lock, with its state and transaction age', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    try {
      await other.query("BEGIN; SET application_name = 'holder'; SELECT count(*) FROM small;");
      const report = await lintFileText(
        'ALTER TABLE small ADD COLUMN v int;\nCREATE INDEX ON orders (note);\n',
        'x.sql',
      );
      const impact = await liveImpact(db.url, report.statements, { calibration: GIVEN });
      const small = impact.relations.find((r) => r.relation === 'small');
      expect(small?.mode).toBe('AccessExclusiveLock');
      expect(small?.rows).toBeNull(); // never analyzed
      expect(small?.conflictingSessions).toHaveLength(1);
      expect(small?.conflictingSessions[0]).toMatchObject({
        pid,
        mode: 'AccessShareLock',
        granted: true,
        state: 'idle in transaction',
        application: 'holder',
      });
      expect(small?.conflictingSessions[0]?.xactAgeSeconds).toBeGreaterThanOrEqual(0);
      const orders = impact.relations.find((r) => r.relation === 'orders');
      expect(orders?.mode).toBe('ShareLock');
      expect(orders?.work).toBe('index-build');
      expect(orders?.method).toMatch(/sort and write 20000 text keys of ~5\d bytes/);
      expect(orders?.conflictingSessions).toEqual([]); // ACCESS SHARE on small does not touch orders
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      await other.end();
    }
  });
});
