// Dialect conformance: connecting. One suite over every dialect's targets
// (test/support/dialect-targets.ts); each case's expected values are typed per target, so a
// new dialect fails to compile until every case says what it expects of it.
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';
import type { Capabilities } from '../dialect.ts';
import { dialectSql } from '../registry.ts';

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

interface Expected {
  readonly capabilities: Capabilities;
  /** What `display` shows: where the connection points, a password never in it. */
  readonly display: (url: string) => RegExp;
  /** SELECT 1 AS one, as the driver returns it. */
  readonly one: readonly Record<string, unknown>[];
}

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': {
    capabilities: { pipelining: false, cancel: false, runLockScope: 'transaction', lockWatch: false },
    display: (url) => exactly(`sqlite:${url}`),
    one: [{ one: 1 }],
  },
  'sqlite :memory:': {
    capabilities: { pipelining: false, cancel: false, runLockScope: 'transaction', lockWatch: false },
    display: () => exactly('sqlite::memory:'),
    one: [{ one: 1 }],
  },
  'postgres (embedded)': {
    capabilities: { pipelining: true, cancel: true, runLockScope: 'run', lockWatch: true },
    // The embedded server's URL carries a password: shown as ***.
    display: () => /^postgres(ql)?:\/\/[^:@/]+:\*\*\*@[^/]+\/strata_test_\w+$/,
    one: [{ one: 1 }],
  },
};

describeTargets('connect', (target, fixture) => {
  const expected = EXPECTED[target.name];

  it('opens a connection of its dialect that runs a query', async () => {
    const { url, connect } = await fixture();
    const conn = await connect();
    expect(conn.sql.name).toBe(target.dialect);
    expect(conn.sql).toBe(dialectSql(target.dialect));
    expect(await conn.query('SELECT 1 AS one')).toEqual(expected.one);
    expect(conn.display).toMatch(expected.display(url));
  });

  it('declares its capabilities', async () => {
    const { connect } = await fixture();
    const conn = await connect();
    expect(conn.capabilities).toEqual(expected.capabilities);
  });

  it('closes, and a closed connection refuses work', async () => {
    const { connect } = await fixture();
    const conn = await connect();
    await conn.close();
    await expect(conn.query('SELECT 1 AS one')).rejects.toThrow();
  });
});
