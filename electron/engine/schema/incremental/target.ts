// The target schema (schema.sql on a PostgreSQL shadow) after an edit, from the model of the
// file before it: the same model when no statement changed (a comment, blank lines); else
// the changed tables built on a small shadow — stubs of what they name, rendered from the old
// model without foreign keys, then every statement of their groups in file order — and
// spliced into the old model; else, at the first doubt or error, the whole file built again.
import type { Schema, Table } from '../../../../shared/model/schema.ts';
import { schemaDdl } from '../../autogen/ddl.ts';
import { loadParser, parseAll } from '../../lint/parse.ts';
import { statementSpans } from '../../sql/statements.ts';
import { introspect } from '../introspect.ts';
import { applySql, schemaOfSql, type Shadow } from '../shadow.ts';
import { classifyStatement, roleOf, type ClassifiedStatement } from './classify.ts';
import { planIncremental, tableKey, type IncrementalPlan } from './plan.ts';
import { spliceTables } from './splice.ts';

/** What the target was built from last time: its model and its statements, classified. */
export interface PreviousTarget {
  readonly schema: Schema;
  readonly statements: readonly ClassifiedStatement[];
}

export interface BuiltTarget extends PreviousTarget {
  /** How: the old model as it was, the changed tables spliced in, or the whole file. */
  readonly path: 'same' | 'incremental' | 'full';
  /** Why the full build, when there was a previous model. */
  readonly why?: string;
}

/** Runs `work` on a new shadow database, dropped afterwards. */
export type OnShadow = <T>(work: (shadow: Shadow) => Promise<T>) => Promise<T>;

/**
 * Every statement of `sql`, classified: those known from last time by their text, the others
 * parsed; the whole file in one parser call when most are new (a first build).
 */
export async function classifyAll(
  sql: string,
  known: readonly ClassifiedStatement[] = [],
): Promise<ClassifiedStatement[]> {
  await loadParser();
  const spans = statementSpans(sql);
  const byText = new Map(known.map((s) => [s.sql, s]));
  if (spans.filter((s) => !byText.has(s.sql)).length > 20) {
    const raw = parseAll(sql);
    const nodes = new Map(raw?.map((r) => [r.start, r.node]));
    return spans.map((s) => {
      const node = nodes.get(s.start);
      return node !== undefined ? { sql: s.sql, role: roleOf(node) } : classifyStatement(s.sql);
    });
  }
  return spans.map((s) => byText.get(s.sql) ?? classifyStatement(s.sql));
}

/** A table reduced to what a foreign key to it needs: its columns' types, its keys and unique indexes. */
function stubTable(table: Table): Table {
  return {
    ...table,
    columns: table.columns.map((c) => ({ ...c, default: null, identity: null, generated: null, comment: null })),
    foreignKeys: [],
    checks: [],
    exclusions: [],
    partitionBy: null,
    partitionOf: null,
    indexes: table.indexes.filter((i) => i.unique && i.where === null),
    triggers: [],
    comment: null,
  };
}

/** What the changed statements may need, from the old model: every type, sequence and routine, the tables they name. */
export function stubsOf(model: Schema, plan: IncrementalPlan): Schema {
  const ownedByChanged = (s: Schema['sequences'][number]): boolean =>
    s.ownedBy !== null && plan.changed.has(tableKey(s.ownedBy));
  return {
    ...model,
    tables: plan.referenced.map(stubTable),
    views: [],
    sequences: model.sequences.filter((s) => !ownedByChanged(s)).map((s) => ({ ...s, ownedBy: null })),
  };
}

/** The changed tables built on `shadow` and spliced into the old model; a reason instead when not sure. */
export async function buildChanged(shadow: Shadow, model: Schema, plan: IncrementalPlan): Promise<Schema | string> {
  const conn = await shadow.connect();
  try {
    const [where] = await conn.query<{ schema: string }>('SELECT current_schema() AS schema');
    if (where?.schema !== 'public') return `unqualified names resolve to ${where?.schema ?? 'nothing'}`;
    // Routines are stubs: their bodies may name tables that are not there.
    await conn.execute('SET check_function_bodies = off');
    const sql = `${schemaDdl(stubsOf(model, plan))}\n${plan.statements.map((s) => `${s};\n`).join('')}`;
    try {
      await applySql(conn, sql, 'schema.sql');
    } catch (error) {
      return `the changed statements failed on their own: ${error instanceof Error ? error.message : String(error)}`;
    }
    const spliced = spliceTables(model, await introspect(conn), plan);
    return spliced.ok ? spliced.schema : spliced.why;
  } finally {
    await conn.close();
  }
}

/** The model of `sql` (the text of `file`), from `previous` where it can, else on a full shadow. */
export async function buildTarget(
  sql: string,
  file: string,
  onShadow: OnShadow,
  previous: PreviousTarget | undefined,
): Promise<BuiltTarget> {
  const texts = statementSpans(sql).map((s) => s.sql);
  // The same statements (a comment, blank lines edited): the same model, without a parser.
  if (
    previous &&
    texts.length === previous.statements.length &&
    texts.every((t, i) => t === previous.statements[i]?.sql)
  )
    return { schema: previous.schema, statements: previous.statements, path: 'same' };
  const classifying = classifyAll(sql, previous?.statements);
  // Awaited below, unless the shadow cannot be had: that error is the one to report.
  classifying.catch(() => {});
  const full = (schema: Schema, statements: ClassifiedStatement[], why?: string): BuiltTarget => ({
    schema,
    statements,
    path: 'full',
    ...(why !== undefined ? { why } : {}),
  });
  // The shadow is created while the statements are classified and the edit planned: a small
  // build or a full one, each needs one.
  const first = await onShadow(async (shadow) => {
    if (!previous) {
      const [schema, statements] = await Promise.all([schemaOfSql(shadow, sql, file), classifying]);
      return full(schema, statements);
    }
    const statements = await classifying;
    const planned = planIncremental(previous.statements, statements, previous.schema);
    if (planned.kind === 'same') return { schema: previous.schema, statements, path: 'same' } as const;
    if (planned.kind === 'full') return full(await schemaOfSql(shadow, sql, file), statements, planned.why);
    const built = await buildChanged(shadow, previous.schema, planned.plan);
    if (typeof built === 'string') return { retry: built, statements };
    return { schema: built, statements, path: 'incremental' } as const;
  });
  if (!('retry' in first)) return first;
  // The small build went wrong: the whole file on a new shadow (which names a failing line).
  return full(await onShadow((shadow) => schemaOfSql(shadow, sql, file)), first.statements, first.retry);
}
