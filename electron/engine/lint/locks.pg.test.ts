// THE HONESTY SUITE. Every statement below runs on a real PostgreSQL inside a transaction
// that is rolled back, and what the database did — the locks a second session sees in
// pg_locks, whether a table got new storage with rows in it, whether a third session's
// SELECT / INSERT had to wait — must EQUAL what the analyzer predicted from the SQL text and
// the schema it learned by replaying the setup script. A difference is an analyzer bug.
// Each statement is predicted twice: from the replayed schema (static analysis) and from the
// live catalog read from the same database (server version, TimeZone, pg_proc volatility);
// both must equal the observation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { connect, parseDatabaseUrl } from '../dialects/registry.ts';
import { loadLiveCatalog, type LiveCatalog } from './catalog/live-catalog.ts';
import {
  NON_TRANSACTIONAL_CASES,
  OUTSIDE_TRANSACTION_CASES,
  SETUP,
  TRANSACTIONAL_CASES,
  UNPREDICTABLE_CASES,
} from '../../../test/support/lint-honesty/cases.ts';
import { LockObserver, lockKeys } from '../../../test/support/lint-honesty/observe.ts';
import { lintText } from './lint-file.ts';
import { replaySql, type LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import { SchemaModel } from './schema/model.ts';
import type { StatementReport } from './types.ts';

describe('honesty: predicted locks, rewrites and blocking equal what PostgreSQL does', () => {
  let db: TestDatabase;
  let observer: LockObserver;
  let model: SchemaModel;
  let options: LintOptions;
  let live: LiveCatalog;

  beforeAll(async () => {
    await loadParser();
    db = await createPostgresDatabase();
    observer = await LockObserver.open(db.url);
    await observer.exec(SETUP);
    const [info] = await observer.query<{ version: number; tz: string }>(
      "SELECT current_setting('server_version_num')::int / 10000 AS version, current_setting('TimeZone') AS tz",
    );
    options = {
      pgVersion: info?.version ?? 18,
      utcSession: ['UTC', 'GMT', 'Etc/UTC', 'Etc/GMT', 'Z', 'Zulu', 'UCT'].includes(info?.tz ?? ''),
    };
    model = new SchemaModel();
    replaySql(model, SETUP);
    const conn = await connect(parseDatabaseUrl(db.url, '/'));
    try {
      live = await loadLiveCatalog(conn);
    } finally {
      await conn.close();
    }
  });

  afterAll(async () => {
    await observer?.close();
    await db?.drop();
  });

  const predict = (sql: string, from: 'replay' | 'live' = 'replay'): StatementReport => {
    const liveOptions: LintOptions = {
      pgVersion: live.pgVersion,
      utcSession: live.utcSession,
      volatility: live.volatility,
    };
    const report = lintText(
      `${sql};\n`,
      'case.sql',
      from === 'live' ? liveOptions : options,
      (from === 'live' ? live.model : model).clone(),
    );
    const statement = report.statements[0];
    if (!statement) throw new Error(`no statement parsed from ${sql}`);
    return statement;
  };

  it(`checks at least 80 statements (${TRANSACTIONAL_CASES.length + NON_TRANSACTIONAL_CASES.length})`, () => {
    expect(TRANSACTIONAL_CASES.length + NON_TRANSACTIONAL_CASES.length).toBeGreaterThanOrEqual(80);
  });

  for (const sql of TRANSACTIONAL_CASES) {
    it(sql, async () => {
      const observed = await observer.observe(sql);
      const summary = (p: StatementReport): object => ({
        locks: lockKeys(p.locks),
        rewrites: p.rewrites,
        blocksReads: p.blocksReads,
        blocksWrites: p.blocksWrites,
        transactional: p.transactional,
      });
      const expected = {
        locks: lockKeys(observed.locks),
        rewrites: observed.rewrites,
        blocksReads: observed.blocksReads,
        blocksWrites: observed.blocksWrites,
        transactional: true,
      };
      expect(summary(predict(sql)), 'static analysis (replayed schema)').toEqual(expected);
      expect(summary(predict(sql, 'live')), 'live catalog').toEqual(expected);
    });
  }

  for (const sql of NON_TRANSACTIONAL_CASES) {
    it(`${sql} (cannot run in a transaction block)`, async () => {
      const predicted = predict(sql);
      expect(predict(sql, 'live').transactional).toBe(false);
      // 25001 active_sql_transaction: "... cannot run inside a transaction block".
      expect({ transactional: predicted.transactional, refusal: await observer.errorInTransaction(sql) }).toEqual({
        transactional: false,
        refusal: '25001',
      });
    });
  }

  for (const sql of UNPREDICTABLE_CASES) {
    it(`${sql} (locks unknown: said so, and shown by running it)`, async () => {
      for (const from of ['replay', 'live'] as const) {
        const finding = predict(sql, from).findings.find((f) => f.rule === 'unknown-locks');
        expect(finding?.message, from).toMatch(/cannot be predicted.*rehearsal/);
      }
      // What the rehearsal reads the same way: the locks the block really took.
      expect((await observer.observe(sql)).locks.length).toBeGreaterThan(0);
    });
  }

  for (const { sql, table } of OUTSIDE_TRANSACTION_CASES) {
    it(`${sql} (run on its own: the lock it waits for on ${table})`, async () => {
      const onTable = (p: StatementReport): object => ({
        mode: p.locks.find((l) => l.relation === table)?.mode,
        rewrites: p.rewrites,
        transactional: p.transactional,
      });
      const observed = await observer.observeOutsideTransaction(sql, table);
      const expected = { ...observed, transactional: false };
      expect(onTable(predict(sql)), 'static analysis (replayed schema)').toEqual(expected);
      expect(onTable(predict(sql, 'live')), 'live catalog').toEqual(expected);
    });
  }
});
