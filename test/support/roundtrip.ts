// From/to schema pairs through real databases: apply "from" to a fresh database (with some
// rows), "to" to another, introspect both, diff, render; run the upgrade on the "from"
// database and compare its normalized dump with "to"; run the downgrade and compare with
// "from"; the rows a case names must have survived both ways.
import { expect } from 'vitest';
import type { Dialect } from '../../shared/model/revision.ts';
import type { Schema } from '../../shared/model/schema.ts';
import { diffSchemas, type SchemaDiff } from '../../electron/engine/autogen/diff.ts';
import { renderDiff, type RenderedMigration } from '../../electron/engine/autogen/render.ts';
import type { RenameDecisions } from '../../electron/engine/autogen/renames.ts';
import type { Connection } from '../../electron/engine/dialects/dialect.ts';
import { connect } from '../../electron/engine/dialects/registry.ts';
import { normalizedDump } from '../../electron/engine/schema/dump.ts';
import { introspect } from '../../electron/engine/schema/introspect.ts';
import { splitStatements } from '../../electron/engine/sql/statements.ts';
import { lintText } from '../../electron/engine/lint/lint-file.ts';
import { replaySql } from '../../electron/engine/lint/linter.ts';
import { loadParser } from '../../electron/engine/lint/parse.ts';
import { SchemaModel } from '../../electron/engine/lint/schema/model.ts';
import { createDatabase, type TestDatabase } from './databases.ts';
import { allFindings, revisionText } from './lint-helpers.ts';

/**
 * Lint rules whose finding means the generated SQL is not in the form lint recommends (the
 * others are about what the change itself does — a drop, a rename, a rewrite the target asks
 * for — and belong in the output for a reviewer).
 */
const SAFE_FORM_RULES = new Set([
  'syntax-error',
  'transaction-control',
  'require-concurrent-index-creation',
  'require-concurrent-index-deletion',
  'concurrently-in-transaction',
  'constraint-missing-not-valid',
  'validate-in-same-transaction',
  'set-not-null-scan',
  'unique-constraint-without-index',
  'primary-key-without-index',
  'enum-add-value-in-transaction',
  'enum-value-ordering',
  'sqlite-add-column-constraint',
  'sqlite-drop-column',
  'sqlite-unsupported-alter',
]);

/** Findings of those rules for one section, linted against the schema it runs on. */
async function unsafeForms(
  dialect: Dialect,
  before: string,
  section: string,
  transactional: boolean,
): Promise<string[]> {
  if (section === '') return [];
  await loadParser();
  const model = new SchemaModel();
  replaySql(model, before);
  const report = lintText(
    revisionText(section, transactional),
    'generated.sql',
    { dialect, lockTimeoutFromRunner: true, utcSession: true },
    model,
  );
  return allFindings(report)
    .filter((f) => SAFE_FORM_RULES.has(f.rule))
    .map((f) => `${f.rule}: ${f.message}`);
}

export interface PairCase {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly renames?: Partial<RenameDecisions>;
  /**
   * Rows written after "from"; `query` must return `rows` after the upgrade and `down` (default:
   * the same) after the downgrade. `beforeDowngrade` runs between the two, where the upgrade
   * dropped data the downgrade's constraints would miss.
   */
  readonly data?: {
    readonly insert: string;
    readonly query: string;
    readonly rows: readonly unknown[];
    readonly beforeDowngrade?: string;
    readonly downQuery?: string;
    readonly down?: readonly unknown[];
  };
  /** What the diff must say about itself. */
  readonly expect?: {
    readonly destructive?: boolean;
    readonly transactional?: boolean;
    readonly candidates?: readonly string[];
    /** Fragments the upgrade SQL contains (the safe forms). */
    readonly upgrade?: readonly string[];
  };
}

async function open(dialect: Dialect, db: TestDatabase): Promise<Connection> {
  return connect(dialect === 'postgres' ? { dialect, url: db.url } : { dialect, path: db.url });
}

/** Runs a revision section as the runner would: in one transaction, or statement by statement outside one. */
async function run(conn: Connection, sql: string, transactional: boolean, dialect: Dialect): Promise<void> {
  const statements = splitStatements(sql).map((s) => s.sql);
  if (!transactional) {
    for (const s of statements) await conn.execute(s);
    return;
  }
  await conn.execute(dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN');
  try {
    for (const s of statements) await conn.execute(s);
    await conn.execute('COMMIT');
  } catch (e) {
    await conn.execute('ROLLBACK');
    throw e;
  }
}

async function schemaOfSql(dialect: Dialect, sql: string): Promise<Schema> {
  const db = await createDatabase(dialect);
  const conn = await open(dialect, db);
  try {
    await conn.execute(sql);
    return await introspect(conn);
  } finally {
    await conn.close();
    await db.drop();
  }
}

export interface PairResult {
  readonly diff: SchemaDiff;
  readonly rendered: RenderedMigration;
}

export async function runPair(dialect: Dialect, c: PairCase): Promise<PairResult> {
  const to = await schemaOfSql(dialect, c.to);
  const db = await createDatabase(dialect);
  const conn = await open(dialect, db);
  try {
    await conn.execute(c.from);
    const from = await introspect(conn);
    if (c.data) await conn.execute(c.data.insert);
    const diff = diffSchemas(from, to, { tables: c.renames?.tables ?? [], columns: c.renames?.columns ?? [] });
    const rendered = renderDiff(diff, from, to);
    const context = `\n--- upgrade\n${rendered.upgradeSql}\n--- downgrade\n${rendered.downgradeSql}`;
    try {
      await run(conn, rendered.upgradeSql, rendered.transactional, dialect);
    } catch (e) {
      throw new Error(`upgrade failed: ${(e as Error).message}${context}`, { cause: e });
    }
    expect(normalizedDump(await introspect(conn)), `after the upgrade${context}`).toBe(normalizedDump(to));
    if (c.data) expect(await conn.query(c.data.query), 'rows after the upgrade').toEqual(c.data.rows);
    if (c.data?.beforeDowngrade) await conn.execute(c.data.beforeDowngrade);
    try {
      await run(conn, rendered.downgradeSql, rendered.transactional, dialect);
    } catch (e) {
      throw new Error(`downgrade failed: ${(e as Error).message}${context}`, { cause: e });
    }
    expect(normalizedDump(await introspect(conn)), `after the downgrade${context}`).toBe(normalizedDump(from));
    if (c.data)
      expect(await conn.query(c.data.downQuery ?? c.data.query), 'rows after the downgrade').toEqual(
        c.data.down ?? c.data.rows,
      );
    checkExpectations(c, diff, rendered);
    expect(
      await unsafeForms(dialect, c.from, rendered.upgradeSql, rendered.transactional),
      `lint of the upgrade${context}`,
    ).toEqual([]);
    expect(
      await unsafeForms(dialect, c.to, rendered.downgradeSql, rendered.transactional),
      `lint of the downgrade${context}`,
    ).toEqual([]);
    return { diff, rendered };
  } finally {
    await conn.close();
    await db.drop();
  }
}

function checkExpectations(c: PairCase, diff: SchemaDiff, rendered: RenderedMigration): void {
  expect(diff.operations.length, 'the pair differs').toBeGreaterThan(0);
  const e = c.expect ?? {};
  if (e.destructive !== undefined)
    expect(
      diff.operations.some((o) => o.destructive),
      'destructive',
    ).toBe(e.destructive);
  if (e.transactional !== undefined) expect(rendered.transactional, 'transactional').toBe(e.transactional);
  const candidates = diff.renameCandidates.map((r) =>
    r.kind === 'table' ? `${r.from}=${r.to}` : `${r.table}.${r.from}=${r.to}`,
  );
  expect(candidates, 'rename candidates').toEqual(e.candidates ?? []);
  for (const fragment of e.upgrade ?? []) expect(rendered.upgradeSql).toContain(fragment);
}
