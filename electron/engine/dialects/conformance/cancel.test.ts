// Dialect conformance: cancel. Where the capability says a connection can stop a statement in
// flight, a long one is stopped; where it cannot (a synchronous driver), a statement runs to
// its end and cancel() changes nothing. Expected values per target: see connect.test.ts.
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';

type Expected =
  /** cancel() stops `statement` (which would run for long) with this SQLSTATE. */
  | { readonly stops: true; readonly statement: string; readonly sqlState: string }
  /** cancel() leaves `statement` running to its end, with these rows. */
  | { readonly stops: false; readonly statement: string; readonly rows: readonly Record<string, unknown>[] };

const COUNT_TO_200K =
  'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) SELECT count(*) AS n FROM c';

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': { stops: false, statement: COUNT_TO_200K, rows: [{ n: 200000 }] },
  'sqlite :memory:': { stops: false, statement: COUNT_TO_200K, rows: [{ n: 200000 }] },
  'postgres (embedded)': { stops: true, statement: 'SELECT pg_sleep(30)', sqlState: '57014' },
};

describeTargets('cancel', (target, fixture) => {
  const expected = EXPECTED[target.name];

  it('stops a long statement where the capability says it can, and only there', async () => {
    const conn = await (await fixture()).connect();
    expect(conn.capabilities.cancel).toBe(expected.stops);
    const started = Date.now();
    const running = conn.query(expected.statement);
    const cancelled = new Promise<void>((resolve) => setTimeout(() => void conn.cancel().then(resolve), 200));
    if (expected.stops) {
      const error = await running.catch((e: unknown) => e);
      expect((error as { code?: unknown }).code).toBe(expected.sqlState);
      expect(Date.now() - started).toBeLessThan(10_000);
    } else expect(await running).toEqual(expected.rows);
    await cancelled;
    expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('does nothing when nothing runs', async () => {
    const conn = await (await fixture()).connect();
    await conn.cancel();
    expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
