import { describe, expect, it } from 'vitest';
import { footprintOf } from './footprint.ts';

describe('footprintOf', () => {
  const cases: readonly [string, 'postgres' | 'sqlite', ReturnType<typeof footprintOf>][] = [
    [
      'CREATE INDEX CONCURRENTLY ix_users_email ON users (email)',
      'postgres',
      {
        effect: 'create',
        concurrently: true,
        object: { kind: 'index', schema: null, name: 'ix_users_email', table: { schema: null, name: 'users' } },
      },
    ],
    [
      'create unique index if not exists "Ix" on only app.Users using btree (lower(email)) where deleted_at is null',
      'postgres',
      {
        effect: 'create',
        concurrently: false,
        object: { kind: 'index', schema: 'app', name: 'Ix', table: { schema: 'app', name: 'users' } },
      },
    ],
    ['CREATE INDEX ON users (email)', 'postgres', undefined],
    [
      'DROP INDEX CONCURRENTLY IF EXISTS public.ix_old',
      'postgres',
      { effect: 'drop', concurrently: true, object: { kind: 'index', schema: 'public', name: 'ix_old' } },
    ],
    [
      '-- the audit trail\nCREATE UNLOGGED TABLE IF NOT EXISTS audit (id bigint)',
      'postgres',
      { effect: 'create', concurrently: false, object: { kind: 'table', schema: null, name: 'audit' } },
    ],
    [
      'CREATE TABLE Items AS SELECT 1',
      'sqlite',
      { effect: 'create', concurrently: false, object: { kind: 'table', schema: null, name: 'Items' } },
    ],
    [
      'CREATE MATERIALIZED VIEW totals AS SELECT 1',
      'postgres',
      { effect: 'create', concurrently: false, object: { kind: 'materialized view', schema: null, name: 'totals' } },
    ],
    [
      'CREATE OR REPLACE VIEW v AS SELECT 1',
      'postgres',
      { effect: 'create', concurrently: false, object: { kind: 'view', schema: null, name: 'v' } },
    ],
    [
      'DROP TABLE old_things CASCADE',
      'postgres',
      { effect: 'drop', concurrently: false, object: { kind: 'table', schema: null, name: 'old_things' } },
    ],
    [
      'ALTER TABLE users ADD COLUMN IF NOT EXISTS nickname text',
      'postgres',
      {
        effect: 'create',
        concurrently: false,
        object: { kind: 'column', schema: null, name: 'nickname', table: { schema: null, name: 'users' } },
      },
    ],
    [
      'ALTER TABLE `users` ADD nickname TEXT',
      'sqlite',
      {
        effect: 'create',
        concurrently: false,
        object: { kind: 'column', schema: null, name: 'nickname', table: { schema: null, name: 'users' } },
      },
    ],
    [
      'ALTER TABLE users DROP COLUMN legacy',
      'postgres',
      {
        effect: 'drop',
        concurrently: false,
        object: { kind: 'column', schema: null, name: 'legacy', table: { schema: null, name: 'users' } },
      },
    ],
    // Several changes in one statement, or not a named object: Strata does not guess.
    ['ALTER TABLE users ADD COLUMN a int, ADD COLUMN b int', 'postgres', undefined],
    ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', 'postgres', undefined],
    ['ALTER TABLE users ALTER COLUMN email SET NOT NULL', 'postgres', undefined],
    [
      "UPDATE users SET note = 'CREATE TABLE x'",
      'postgres',
      { effect: 'write', concurrently: false, object: { kind: 'table', schema: null, name: 'users' } },
    ],
    [
      'INSERT INTO app.events (id) SELECT 1',
      'postgres',
      { effect: 'write', concurrently: false, object: { kind: 'table', schema: 'app', name: 'events' } },
    ],
    [
      'DELETE FROM ONLY "Logs" WHERE true',
      'postgres',
      { effect: 'write', concurrently: false, object: { kind: 'table', schema: null, name: 'Logs' } },
    ],
    ['WITH gone AS (DELETE FROM logs RETURNING 1) SELECT count(*) FROM gone', 'postgres', undefined],
    ['REINDEX INDEX CONCURRENTLY ix', 'postgres', undefined],
  ];
  for (const [sql, dialect, expected] of cases) {
    it(`${dialect}: ${sql.replace(/\s+/g, ' ')}`, () => {
      expect(footprintOf(sql, dialect)).toEqual(expected);
    });
  }
});
