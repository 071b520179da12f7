// Dialect conformance: executing statements, one at a time and as a batch
// (executePipelined: one round trip where capabilities.pipelining says so, one statement
// after the other elsewhere; the same outcome either way). Expected values per target: see
// connect.test.ts.
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';
import { PipelineFailure } from '../dialect.ts';

interface Expected {
  readonly pipelining: boolean;
  /** The query parameter placeholder for the n-th (1-based) parameter. */
  readonly param: (n: number) => string;
  /** The driver's error for a table that is not there. */
  readonly missingTable: RegExp;
}

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': { pipelining: false, param: () => '?', missingTable: /no such table: missing/ },
  'sqlite :memory:': { pipelining: false, param: () => '?', missingTable: /no such table: missing/ },
  'postgres (embedded)': { pipelining: true, param: (n) => `$${n}`, missingTable: /relation "missing" does not exist/ },
};

describeTargets('execute', (target, fixture) => {
  const expected = EXPECTED[target.name];

  it('executes statements, and queries rows with parameters', async () => {
    const conn = await (await fixture()).connect();
    await conn.execute('CREATE TABLE t (id integer, v text)');
    expect(
      await conn.query(`INSERT INTO t (id, v) VALUES (${expected.param(1)}, ${expected.param(2)})`, [1, 'one']),
    ).toEqual([]);
    await conn.execute("INSERT INTO t (id, v) VALUES (2, 'two')");
    expect(await conn.query(`SELECT id, v FROM t WHERE id >= ${expected.param(1)} ORDER BY id`, [1])).toEqual([
      { id: 1, v: 'one' },
      { id: 2, v: 'two' },
    ]);
  });

  it('fails a statement with the driver’s message, and stays usable', async () => {
    const conn = await (await fixture()).connect();
    await expect(conn.execute('SELECT * FROM missing')).rejects.toThrow(expected.missingTable);
    expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('runs a batch in order, and hears of each statement as it completes', async () => {
    const conn = await (await fixture()).connect();
    expect(conn.capabilities.pipelining).toBe(expected.pipelining);
    const completed: number[] = [];
    await conn.execute(conn.sql.beginTransaction());
    await conn.executePipelined(
      ['CREATE TABLE a (id integer)', 'INSERT INTO a VALUES (1)', 'INSERT INTO a VALUES (2)'],
      (index) => completed.push(index),
    );
    await conn.execute('COMMIT');
    expect(completed).toEqual([0, 1, 2]);
    expect(Number((await conn.query<{ n: unknown }>('SELECT count(*) AS n FROM a'))[0]?.n)).toBe(2);
  });

  it('names the first failure of a batch; the statements after it change nothing', async () => {
    const conn = await (await fixture()).connect();
    const completed: number[] = [];
    await conn.execute(conn.sql.beginTransaction());
    const error = await conn
      .executePipelined(
        ['CREATE TABLE a (id integer)', 'INSERT INTO missing VALUES (1)', 'CREATE TABLE b (id integer)'],
        (index) => completed.push(index),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineFailure);
    expect((error as PipelineFailure).index).toBe(1);
    expect((error as PipelineFailure).message).toMatch(expected.missingTable);
    expect(completed).toEqual([0]);
    await conn.execute('ROLLBACK');
    expect(await conn.tableExists('a')).toBe(false);
    expect(await conn.tableExists('b')).toBe(false);
    expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
