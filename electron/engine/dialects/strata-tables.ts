// SQL for Strata's own tables, identical online and offline so that a script applied with
// psql or sqlite3 leaves the same rows as a run through the runner.
import type { Connection, DialectSql, HistoryEntry, HistoryRow, StrataTables } from './dialect.ts';

export function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Moving the version table from one set of rows to another. A linear step is one UPDATE,
 * like Alembic; entering or leaving a branch inserts or deletes.
 */
export function versionChanges(
  sql: DialectSql,
  tables: StrataTables,
  before: readonly string[],
  after: readonly string[],
): string[] {
  const table = sql.quoteIdent(tables.version);
  const removed = before.filter((r) => !after.includes(r));
  const added = after.filter((r) => !before.includes(r));
  const out: string[] = [];
  while (removed.length > 0 && added.length > 0) {
    out.push(
      `UPDATE ${table} SET version_num = ${literal(added.shift() as string)} ` +
        `WHERE version_num = ${literal(removed.shift() as string)}`,
    );
  }
  for (const r of removed) out.push(`DELETE FROM ${table} WHERE version_num = ${literal(r)}`);
  for (const a of added) out.push(`INSERT INTO ${table} (version_num) VALUES (${literal(a)})`);
  return out;
}

/**
 * `durationSql`: the duration as SQL the server computes (DialectSql.transactionElapsedMs), instead of
 * entry.durationMs.
 */
export function historyInsert(
  sql: DialectSql,
  tables: StrataTables,
  entry: HistoryEntry,
  startedAt: Date | 'now' = entry.startedAt,
  durationSql?: string,
): string {
  const recordsRun = entry.runId !== undefined && entry.runId !== null;
  const recordsSql = entry.appliedSql !== undefined && entry.appliedSql !== null;
  const columns =
    'revision, direction, checksum, started_at, duration_ms, outcome, run_by, host, tool_version, error' +
    (recordsRun ? ', run_id' : '') +
    (recordsSql ? ', applied_sql' : '');
  const values = [
    literal(entry.revision),
    literal(entry.direction),
    literal(entry.checksum),
    sql.timestamp(startedAt),
    durationSql ?? literal(entry.durationMs === null ? null : Math.round(entry.durationMs * 1000) / 1000),
    literal(entry.outcome),
    literal(entry.user),
    literal(entry.host),
    literal(entry.toolVersion),
    literal(entry.error),
    ...(recordsRun ? [literal(entry.runId ?? null)] : []),
    ...(recordsSql ? [literal(entry.appliedSql ?? null)] : []),
  ].join(', ');
  return `INSERT INTO ${sql.quoteIdent(tables.history)} (${columns}) VALUES (${values})`;
}

/**
 * The row a `transactional false` revision writes before its first statement, committed on
 * its own: if the runner dies half way, this row (outcome 'started') is what says so. While
 * the revision runs, its error column counts the statements done (historyProgress).
 */
export async function insertStartedRun(
  conn: Connection,
  tables: StrataTables,
  entry: Omit<HistoryEntry, 'outcome' | 'durationMs' | 'error'>,
  statements: number,
): Promise<number> {
  const insert = historyInsert(conn.sql, tables, {
    ...entry,
    outcome: 'started',
    durationMs: null,
    error: progressNote(0, statements),
  });
  const rows = await conn.query<{ id: number | string }>(`${insert} RETURNING id`);
  return Number(rows[0]?.id);
}

function progressNote(done: number, total: number, stopped?: string): string {
  return `progress: ${done} of ${total} statements done${stopped === undefined ? '' : `; ${stopped}`}`;
}

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** Why the run stopped, when it saw itself stop (a failure, a cancel); absent when it died. */
  readonly stopped?: string;
}

/** How many statements a 'started' row's revision had finished, and of how many; undefined if the note is not one. */
export function parseProgress(note: string | null): Progress | undefined {
  const match = /^progress: (\d+) of (\d+) statements done(?:; ([\s\S]*))?$/.exec(note ?? '');
  if (!match) return undefined;
  return { done: Number(match[1]), total: Number(match[2]), ...(match[3] !== undefined ? { stopped: match[3] } : {}) };
}

/** The count of statements done, and why the run stopped if it stopped half way on its own (`stopped`). */
export function historyProgress(
  sql: DialectSql,
  tables: StrataTables,
  id: number,
  done: number,
  total: number,
  stopped?: string,
): string {
  return (
    `UPDATE ${sql.quoteIdent(tables.history)} SET error = ` +
    `${literal(progressNote(done, total, stopped))} WHERE id = ${id}`
  );
}

/** The end of a run that began with insertStartedRun. */
export function historyFinish(
  sql: DialectSql,
  tables: StrataTables,
  id: number,
  outcome: HistoryEntry['outcome'],
  durationMs: number | null,
  error: string | null,
): string {
  const duration = literal(durationMs === null ? null : Math.round(durationMs * 1000) / 1000);
  return (
    `UPDATE ${sql.quoteIdent(tables.history)} SET outcome = ${literal(outcome)}, ` +
    `duration_ms = ${duration}, error = ${literal(error)} WHERE id = ${id}`
  );
}

export async function readVersionRows(conn: Connection, tables: StrataTables): Promise<string[]> {
  if (!(await conn.tableExists(tables.version))) return [];
  const rows = await conn.query<{ version_num: string }>(
    `SELECT version_num FROM ${conn.sql.quoteIdent(tables.version)} ORDER BY version_num`,
  );
  return rows.map((r) => r.version_num);
}

/**
 * Columns the history table gained after its first release, added to a table an older Strata
 * made. Each is nullable, so an older Strata's INSERT (which does not name it) still works, and
 * its rows read back as null ("not recorded"). Offline scripts do not write them: a script may
 * meet a table from before them, and SQLite has no ADD COLUMN IF NOT EXISTS.
 */
const ADDED_HISTORY_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['run_id', 'VARCHAR(40)'],
  ['applied_sql', 'TEXT'],
];

async function historyColumns(conn: Connection, tables: StrataTables): Promise<Set<string>> {
  const rows = await conn.query<{ name: string }>(conn.sql.columnsQuery(tables.history));
  return new Set(rows.map((r) => r.name));
}

export async function ensureStrataTables(conn: Connection, tables: StrataTables): Promise<void> {
  for (const statement of conn.sql.createStrataTables(tables)) await conn.execute(statement);
  const have = await historyColumns(conn, tables);
  for (const [name, type] of ADDED_HISTORY_COLUMNS) {
    if (have.has(name)) continue;
    // Runners hold the run lock here, so two of them never add the same column at once.
    await conn.execute(`ALTER TABLE ${conn.sql.quoteIdent(tables.history)} ADD COLUMN ${name} ${type}`);
  }
}

interface RawHistoryRow extends Record<string, unknown> {
  id: number | string;
  revision: string;
  direction: HistoryEntry['direction'];
  checksum: string | null;
  started_at: string | Date;
  duration_ms: number | string | null;
  outcome: HistoryEntry['outcome'];
  run_by: string;
  host: string;
  tool_version: string;
  error: string | null;
  /** Absent in a table from before the column (read without a run first). */
  run_id?: string | null;
  applied_sql?: string | null;
}

/** Runs of `transactional false` revisions that began and never ended: their runner died. */
export function readStartedRuns(conn: Connection, tables: StrataTables): Promise<HistoryRow[]> {
  return readHistory(conn, tables, undefined, 'started');
}

export async function readHistory(
  conn: Connection,
  tables: StrataTables,
  revision?: string,
  outcome?: HistoryEntry['outcome'],
): Promise<HistoryRow[]> {
  if (!(await conn.tableExists(tables.history))) return [];
  const conditions = [
    ...(revision === undefined ? [] : [`revision = ${literal(revision)}`]),
    ...(outcome === undefined ? [] : [`outcome = ${literal(outcome)}`]),
  ];
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
  const rows = await conn.query<RawHistoryRow>(
    `SELECT * FROM ${conn.sql.quoteIdent(tables.history)}${where} ORDER BY id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    revision: r.revision,
    direction: r.direction,
    checksum: r.checksum,
    startedAt: r.started_at instanceof Date ? r.started_at : new Date(r.started_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    outcome: r.outcome,
    user: r.run_by,
    host: r.host,
    toolVersion: r.tool_version,
    error: r.error,
    runId: r.run_id ?? null,
    appliedSql: r.applied_sql ?? null,
  }));
}
