// Dialect conformance: Strata's own tables (the version table and the history), as every
// dialect creates, reads and moves them. Expected values per target: see connect.test.ts.
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';
import { HISTORY_TABLE, type HistoryEntry, type StrataTables } from '../dialect.ts';
import {
  ensureStrataTables,
  historyFinish,
  historyInsert,
  historyProgress,
  insertStartedRun,
  parseProgress,
  readHistory,
  readVersionRows,
  versionChanges,
} from '../strata-tables.ts';

const tables: StrataTables = { version: 'strata_version', history: HISTORY_TABLE };

interface Expected {
  /** The BEGIN the runner sends (SQLite takes the write lock up front). */
  readonly begin: string;
  /**
   * The server can time a transaction (DialectSql.transactionElapsedMs): a revision's bookkeeping may then leave with
   * its statements.
   */
  readonly serverTimesTransactions: boolean;
}

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': { begin: 'BEGIN IMMEDIATE', serverTimesTransactions: false },
  'sqlite :memory:': { begin: 'BEGIN IMMEDIATE', serverTimesTransactions: false },
  'postgres (embedded)': { begin: 'BEGIN', serverTimesTransactions: true },
};

const entry = (revision: string, outcome: HistoryEntry['outcome']): HistoryEntry => ({
  revision,
  direction: 'upgrade',
  checksum: 'c'.repeat(64),
  startedAt: new Date('2026-12-07T10:02:03.456Z'),
  durationMs: 12.5,
  outcome,
  user: 'ci',
  host: 'build-7',
  toolVersion: '0.1.0',
  error: null,
});

describeTargets('version table', (target, fixture) => {
  const expected = EXPECTED[target.name];

  it('creates its tables, again without harm, and reads them empty', async () => {
    const conn = await (await fixture()).connect();
    expect(await conn.tableExists(tables.version)).toBe(false);
    expect(await readVersionRows(conn, tables)).toEqual([]);
    await ensureStrataTables(conn, tables);
    await ensureStrataTables(conn, tables);
    expect(await conn.tableExists(tables.version)).toBe(true);
    expect(await conn.tableExists(tables.history)).toBe(true);
    expect(await readVersionRows(conn, tables)).toEqual([]);
    expect(await readHistory(conn, tables)).toEqual([]);
  });

  it('moves its rows: a linear step, a branch entered, a branch left', async () => {
    const conn = await (await fixture()).connect();
    await ensureStrataTables(conn, tables);
    const moves: [readonly string[], readonly string[]][] = [
      [[], ['a00000000001']],
      [['a00000000001'], ['a00000000002']],
      [['a00000000002'], ['a00000000002', 'b00000000001']],
      [['a00000000002', 'b00000000001'], ['b00000000001']],
      [['b00000000001'], []],
    ];
    for (const [before, after] of moves) {
      for (const statement of versionChanges(conn.sql, tables, before, after)) await conn.execute(statement);
      expect(await readVersionRows(conn, tables)).toEqual([...after].sort());
    }
  });

  it('takes a move back when its transaction rolls back', async () => {
    const conn = await (await fixture()).connect();
    await ensureStrataTables(conn, tables);
    expect(conn.sql.beginTransaction()).toBe(expected.begin);
    await conn.execute(conn.sql.beginTransaction());
    for (const statement of versionChanges(conn.sql, tables, [], ['a00000000001'])) await conn.execute(statement);
    expect(await readVersionRows(conn, tables)).toEqual(['a00000000001']);
    await conn.execute('ROLLBACK');
    expect(await readVersionRows(conn, tables)).toEqual([]);
  });

  it("writes history rows: one of its own, and a 'started' one counted and then finished", async () => {
    const conn = await (await fixture()).connect();
    await ensureStrataTables(conn, tables);
    await conn.execute(historyInsert(conn.sql, tables, entry('a00000000001', 'applied')));
    const id = await insertStartedRun(conn, tables, entry('a00000000002', 'started'), 3);
    expect(typeof id).toBe('number');
    await conn.execute(historyProgress(conn.sql, tables, id, 2, 3));
    expect(parseProgress((await readHistory(conn, tables, 'a00000000002'))[0]?.error ?? null)).toEqual({
      done: 2,
      total: 3,
    });
    await conn.execute(historyFinish(conn.sql, tables, id, 'applied', 40.25, null));
    const rows = await readHistory(conn, tables);
    const written = {
      ...entry('a00000000001', 'applied'),
      startedAt: '2026-12-07T10:02:03.456Z',
      runId: null,
      appliedSql: null,
    };
    expect(rows.map(({ id: _id, startedAt, ...row }) => ({ ...row, startedAt: startedAt.toISOString() }))).toEqual([
      written,
      { ...written, revision: 'a00000000002', durationMs: 40.25 },
    ]);
    expect(rows[1]?.id).toBe(id);
    expect(await readHistory(conn, tables, undefined, 'started')).toEqual([]);
  });

  it('adds the run id column to a history table an older Strata made; its rows read as not recorded', async () => {
    const conn = await (await fixture()).connect();
    await ensureStrataTables(conn, tables);
    // The table as the first release made it, with a row an older Strata wrote.
    await conn.execute(`DROP TABLE ${conn.sql.quoteIdent(tables.history)}`);
    for (const statement of conn.sql.createStrataTables(tables)) await conn.execute(statement);
    await conn.execute(historyInsert(conn.sql, tables, entry('a00000000001', 'applied')));
    const columns = async () =>
      (await conn.query<{ name: string }>(conn.sql.columnsQuery(tables.history))).map((r) => r.name);
    expect(await columns()).not.toContain('run_id');
    expect(await columns()).not.toContain('applied_sql');
    await ensureStrataTables(conn, tables);
    await ensureStrataTables(conn, tables);
    expect((await columns()).filter((c) => c === 'run_id' || c === 'applied_sql')).toEqual(['run_id', 'applied_sql']);
    // An older Strata's INSERT, which does not name the column, still works beside a new one.
    await conn.execute(historyInsert(conn.sql, tables, entry('a00000000002', 'applied')));
    await conn.execute(
      historyInsert(conn.sql, tables, {
        ...entry('a00000000003', 'failed'),
        runId: 'run-1',
        appliedSql: "SELECT 'x';\n",
      }),
    );
    const rows = await readHistory(conn, tables);
    expect(rows.map((r) => [r.revision, r.runId, r.appliedSql])).toEqual([
      ['a00000000001', null, null],
      ['a00000000002', null, null],
      ['a00000000003', 'run-1', "SELECT 'x';\n"],
    ]);
  });

  it('times a transaction on the server where it says it can', async () => {
    const conn = await (await fixture()).connect();
    await ensureStrataTables(conn, tables);
    expect(conn.sql.transactionElapsedMs !== undefined).toBe(expected.serverTimesTransactions);
    if (conn.sql.transactionElapsedMs === undefined) return;
    await conn.execute(conn.sql.beginTransaction());
    await conn.execute(
      historyInsert(
        conn.sql,
        tables,
        { ...entry('a00000000001', 'applied'), durationMs: null },
        'now',
        conn.sql.transactionElapsedMs,
      ),
    );
    await conn.execute('COMMIT');
    const [row] = await readHistory(conn, tables);
    expect(row?.durationMs).toBeGreaterThanOrEqual(0);
    expect(row?.durationMs).toBeLessThan(60_000);
  });
});
