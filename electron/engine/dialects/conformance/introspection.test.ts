// Dialect conformance: what a connection tells of the catalog (tableExists, inspectObjects)
// and of other sessions (runningStatements), which is how an interrupted `transactional
// false` revision is judged. Expected values per target: see connect.test.ts.
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';
import type { ObjectRef, ObjectState } from '../dialect.ts';

const SETUP = [
  'CREATE TABLE t (id integer, v text)',
  'CREATE INDEX ix_t_v ON t (v)',
  'CREATE VIEW vw AS SELECT id FROM t',
];

const OBJECTS: readonly ObjectRef[] = [
  { kind: 'table', schema: null, name: 't' },
  { kind: 'table', schema: null, name: 'nope' },
  { kind: 'column', schema: null, name: 'v', table: { schema: null, name: 't' } },
  { kind: 'column', schema: null, name: 'nope', table: { schema: null, name: 't' } },
  { kind: 'index', schema: null, name: 'ix_t_v', table: { schema: null, name: 't' } },
  { kind: 'index', schema: null, name: 'nope' },
  { kind: 'view', schema: null, name: 'vw' },
];

type Running =
  /**
   * Another session's statement in flight is seen: `statement` runs long on `other`, whose server process `ownPid`
   * names.
   */
  | { readonly seen: true; readonly statement: string; readonly ownPid: string }
  /** A statement runs inside the process that issued it and dies with it: none is ever reported. */
  | { readonly seen: false };

interface Expected {
  /** inspectObjects(OBJECTS) after SETUP. */
  readonly states: readonly ObjectState[];
  readonly running: Running;
}

const SQLITE: Expected = {
  states: [
    { exists: true },
    { exists: false },
    { exists: true },
    { exists: false },
    { exists: true },
    { exists: false },
    { exists: true },
  ],
  running: { seen: false },
};

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': SQLITE,
  'sqlite :memory:': SQLITE,
  'postgres (embedded)': {
    // An index also says whether it is valid (a failed CREATE INDEX CONCURRENTLY leaves it not).
    states: [
      { exists: true },
      { exists: false },
      { exists: true },
      { exists: false },
      { exists: true, valid: true },
      { exists: false },
      { exists: true },
    ],
    running: { seen: true, statement: 'SELECT pg_sleep(30)', ownPid: 'SELECT pg_backend_pid() AS pid' },
  },
};

describeTargets('introspection', (target, fixture) => {
  const expected = EXPECTED[target.name];

  it('tells which tables exist', async () => {
    const conn = await (await fixture()).connect();
    expect(await conn.tableExists('t')).toBe(false);
    await conn.execute(SETUP[0] as string);
    expect(await conn.tableExists('t')).toBe(true);
    expect(await conn.tableExists('nope')).toBe(false);
  });

  it('inspects tables, columns, indexes and views', async () => {
    const conn = await (await fixture()).connect();
    for (const statement of SETUP) await conn.execute(statement);
    expect(await conn.inspectObjects(OBJECTS)).toEqual(expected.states);
    await conn.execute('DROP VIEW vw');
    await conn.execute('DROP INDEX ix_t_v');
    expect((await conn.inspectObjects(OBJECTS)).map((s) => s.exists)).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it("reports another session's statement still running, where sessions outlive their client", async () => {
    const db = await fixture();
    const conn = await db.connect();
    const running = expected.running;
    if (!running.seen) {
      expect(await conn.runningStatements(['SELECT 1', ...SETUP])).toEqual([]);
      return;
    }
    const other = await db.connect();
    const pid = Number((await other.query<{ pid: unknown }>(running.ownPid))[0]?.pid);
    const statement = other.execute(running.statement).catch(() => {});
    let seen = await conn.runningStatements(['SELECT 1', running.statement]);
    for (let i = 0; seen.length === 0 && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      seen = await conn.runningStatements(['SELECT 1', running.statement]);
    }
    expect(seen).toEqual([{ index: 1, pid, since: expect.any(Date) }]);
    await other.cancel();
    await statement;
    expect(await conn.runningStatements(['SELECT 1', running.statement])).toEqual([]);
  });
});
