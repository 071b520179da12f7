// Autogenerate: the project's declarative schema (schema.sql, applied to a shadow database)
// against a source — a live database, or the schema the migrations produce at the heads,
// built on a shadow — as operations with their SQL, the generated upgrade and downgrade and
// the lint of that upgrade. Renames are proposed, never guessed: without a decision a drop
// and an add stay a drop and an add, and the warnings name the candidates. Drift is the
// same comparison turned around: a live database against what the migrations produce.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type {
  AutogenDiff,
  AutogenOperationInfo,
  RenameCandidateInfo,
  ReviewedSql,
} from '../../../shared/api/autogen.ts';
import { ApiFailure } from '../../../shared/api/error-codes.ts';
import type { Schema } from '../../../shared/model/schema.ts';
import { diffSchemas, type RenameDecisions, type SchemaDiff } from '../autogen/diff.ts';
import { ownersOf } from '../autogen/operations.ts';
import { emptySchema, schemaDdl } from '../autogen/ddl.ts';
import { renderDiff } from '../autogen/render.ts';
import { readVersionRows } from '../dialects/strata-tables.ts';
import { appliedFromRows } from '../graph/plan.ts';
import { replaySql } from '../lint/linter.ts';
import { loadParser } from '../lint/parse.ts';
import { lintSection } from '../lint/linter.ts';
import { projectLintOptions } from '../lint/project-lint.ts';
import { SchemaModel } from '../lint/schema/model.ts';
import { revisionLintOf } from '../service/lint-views.ts';
import { introspect } from '../schema/introspect.ts';
import { buildTarget, type BuiltTarget, type OnShadow, type PreviousTarget } from '../schema/incremental/target.ts';
import {
  cachedBuild,
  cachedSchema,
  schemaCacheEnabled,
  schemaCacheKey,
  shadowServerIdentity,
} from '../schema/schema-cache.ts';
import {
  openShadow,
  schemaAtHeads,
  schemaOfSql,
  SchemaSqlError,
  type Shadow,
  type ShadowOptions,
} from '../schema/shadow.ts';
import type { ProjectProblem } from '../project/errors.ts';
import type { Project } from '../project/project.ts';
import { parseRevisionFile } from '../project/revision-file.ts';
import { compareWithHeads } from '../runner/checks.ts';
import { describeTarget, withConnection, type Database } from './database.ts';
import { InvalidRequestError } from './errors.ts';
import { tablesOf } from './project.ts';
import { createRevision, type Written } from './revisions.ts';

export type { RenameDecisions } from '../autogen/diff.ts';
export { schemaDdl } from '../autogen/ddl.ts';

export const NO_RENAMES: RenameDecisions = { tables: [], columns: [] };

export interface AutogenRequest {
  /** The live database to compare with; absent: the schema the migrations produce at the heads. */
  readonly live?: Database | undefined;
  /** A PostgreSQL database to use as the shadow (--shadow-url), before strata.json's shadowUrl. */
  readonly shadowUrl?: string | undefined;
  readonly renames?: RenameDecisions | undefined;
  /** Only these objects (tables, views, types, sequences, routines), by name or schema.name. */
  readonly include?: readonly string[] | undefined;
}

export type AutogenResult = AutogenDiff;

/** The project's declarative schema file: strata.json "schema", default schema.sql beside strata.json. */
export function schemaFileOf(project: Pick<Project, 'dir' | 'config'>): string {
  const name = project.config.schema ?? 'schema.sql';
  return isAbsolute(name) ? name : join(project.dir, name);
}

function readSchemaFile(project: Project): { file: string; sql: string } {
  const file = schemaFileOf(project);
  if (!existsSync(file)) {
    throw new ApiFailure(
      'project',
      `${file} does not exist: autogenerate compares the migrations with the declarative schema ` +
        'named by strata.json "schema" (default schema.sql)',
    );
  }
  return { file, sql: readFileSync(file, 'utf8') };
}

export function shadowOptions(
  project: Pick<Project, 'config'>,
  request: Pick<AutogenRequest, 'live' | 'shadowUrl'>,
): ShadowOptions {
  const shadowUrl = request.shadowUrl ?? project.config.shadowUrl;
  const live = request.live?.target;
  return {
    dialect: project.config.dialect,
    ...(shadowUrl !== undefined ? { shadowUrl } : {}),
    ...(live?.dialect === 'postgres' ? { serverUrl: live.url } : {}),
  };
}

/** A shadow database for one piece of work, dropped afterwards whatever happens. */
/**
 * A shadow's sessions do not wait for their commits to reach the disk: the database is thrown
 * away, and schema.sql runs a statement (a commit) at a time, so on PostgreSQL every CREATE
 * would otherwise wait for a WAL flush — thousands of them on a large schema.
 */
function withoutDurability(shadow: Shadow): Shadow {
  if (shadow.target.dialect !== 'postgres') return shadow;
  return {
    ...shadow,
    connect: async () => {
      const conn = await shadow.connect();
      await conn.execute('SET synchronous_commit = off');
      return conn;
    },
  };
}

/**
 * Drops still running: a caller that passes `drops` gets its result without waiting for the
 * shadow's DROP DATABASE (server work, most of a second on a large schema), and awaits them
 * itself once its own work (the diff, rendering, lint) is done beside them.
 */
export type PendingDrops = Promise<void>[];

export async function onShadow<T>(
  options: ShadowOptions,
  work: (shadow: Shadow) => Promise<T>,
  drops?: PendingDrops,
): Promise<T> {
  const shadow = await openShadow(options);
  let result: T;
  try {
    result = await work(withoutDurability(shadow));
  } catch (error) {
    await shadow.drop();
    throw error;
  }
  if (drops) drops.push(shadow.drop());
  else await shadow.drop();
  return result;
}

/**
 * A PostgreSQL shadow's schema from the cache when `text` (what the shadow runs) and the
 * server are those it was built from; SQLite's is built every time (a local file, milliseconds).
 */
async function throughCache(
  project: Project,
  options: ShadowOptions,
  what: string,
  text: string,
  build: () => Promise<Schema>,
): Promise<Schema> {
  if (options.dialect !== 'postgres' || !schemaCacheEnabled()) return build();
  const key = schemaCacheKey([what, text, await shadowServerIdentity(options)]);
  return cachedSchema(project.dir, key, build);
}

/** The schema the migrations produce at the heads, built on a shadow database. */
export function schemaOfHeads(project: Project, options: ShadowOptions): Promise<Schema> {
  const { map, config } = project;
  // Every revision's content and place in the graph (which decides the order the runner applies
  // them in): what the shadow runs.
  const text = [
    config.versionTable,
    ...map.order.map((id) => {
      const r = map.get(id);
      return `${id} ${r.parents.join(',')} ${r.transactional} ${r.checksum}`;
    }),
  ];
  return throughCache(project, options, 'heads', text.join('\n'), () =>
    onShadow(options, (shadow) => schemaAtHeads(project, shadow)),
  );
}

/** How the target was last built (schema.sql unchanged: from the cache), for the profile and the tests. */
export type TargetPath = 'cache' | BuiltTarget['path'];

async function buildTargetSchema(
  project: Project,
  options: ShadowOptions,
  drops: PendingDrops | undefined,
  onPath: ((path: TargetPath, why?: string) => void) | undefined,
): Promise<Schema> {
  const { file, sql } = readSchemaFile(project);
  const run: OnShadow = (work) => onShadow(options, work, drops);
  if (options.dialect !== 'postgres' || !schemaCacheEnabled()) return run((shadow) => schemaOfSql(shadow, sql, file));
  const server = await shadowServerIdentity(options);
  let path: TargetPath = 'cache';
  let why: string | undefined;
  // An edit of schema.sql starts from the model of the file before it (schema/incremental/).
  const built = await cachedBuild<PreviousTarget['statements']>(
    project.dir,
    schemaCacheKey(['schema.sql', sql, server]),
    schemaCacheKey(['schema.sql lineage', file, server]),
    async (previous) => {
      const start = previous?.source && { schema: previous.schema, statements: previous.source };
      const target = await buildTarget(sql, file, run, start);
      path = target.path;
      why = target.why;
      return { schema: target.schema, source: target.statements, unchanged: target.path === 'same' };
    },
  );
  onPath?.(path, why);
  return built.schema;
}

/**
 * The schema of the project's schema.sql, applied to a shadow database (on PostgreSQL: kept in
 * the cache, and after an edit built from the model before it where it can).
 */
export async function targetSchema(
  project: Project,
  options: ShadowOptions,
  drops?: PendingDrops,
  onPath?: (path: TargetPath, why?: string) => void,
): Promise<Schema> {
  try {
    return await buildTargetSchema(project, options, drops, onPath);
  } catch (error) {
    // A statement of schema.sql the database refused: the project's file, at its line.
    if (!(error instanceof SchemaSqlError)) throw error;
    const problem: ProjectProblem = { file: error.file, line: error.line, message: error.reason };
    throw new ApiFailure('project', error.message, { problems: [problem] });
  }
}

export function liveSchema(db: Database): Promise<Schema> {
  return withConnection(db, (conn) => introspect(conn));
}

/** `name` or `schema.name` matches an object; PostgreSQL's public and SQLite's main may be left out. */
function included(names: ReadonlySet<string>, o: { readonly schema: string; readonly name: string }): boolean {
  return names.has(o.name) || names.has(`${o.schema}.${o.name}`);
}

/** The schema restricted to the objects named, so that the diff neither adds nor drops the others. */
export function onlyObjects(schema: Schema, include: readonly string[] | undefined): Schema {
  if (include === undefined) return schema;
  const names = new Set(include);
  const keep = <T extends { readonly schema: string; readonly name: string }>(list: readonly T[]): T[] =>
    list.filter((o) => included(names, o));
  return {
    ...schema,
    tables: keep(schema.tables),
    views: keep(schema.views),
    enums: keep(schema.enums),
    domains: keep(schema.domains),
    sequences: keep(schema.sequences),
    routines: keep(schema.routines),
  };
}

/** The schema's tables and views whose names occur in `sql` (a superset of those it touches), and its types. */
function onlyNamedIn(schema: Schema, sql: string): Schema {
  const words = new Set(sql.match(/[\p{L}_][\p{L}\p{N}_$]*/gu) ?? []);
  const named = (o: { readonly name: string }): boolean => words.has(o.name);
  return { ...schema, tables: schema.tables.filter(named), views: schema.views.filter(named) };
}

async function lintUpgrade(
  project: Project,
  from: Schema,
  upgradeSql: string,
  transactional: boolean,
): Promise<AutogenDiff['lint']> {
  await loadParser();
  // The lint of the generated upgrade is against the source schema, so that its tables are existing ones.
  const model = new SchemaModel();
  // Only the tables the upgrade names are replayed: on a 1,000-table schema, parsing every
  // CREATE would cost more than everything else autogenerate does.
  const named = onlyNamedIn(from, upgradeSql);
  const fromEmpty = diffSchemas(emptySchema(from.dialect), named, NO_RENAMES);
  replaySql(model, renderDiff(fromEmpty, emptySchema(from.dialect), named).upgradeSql);
  model.settle();
  const report = lintSection(
    { file: 'upgrade', section: { text: upgradeSql, firstLine: 1 }, transactional, isRevision: true },
    model,
    projectLintOptions(project),
  );
  const { statements, findings } = revisionLintOf('upgrade', report);
  return { statements, findings };
}

function candidateInfo(c: SchemaDiff['renameCandidates'][number]): RenameCandidateInfo {
  return { kind: c.kind, table: c.kind === 'column' ? c.table : null, from: c.from, to: c.to };
}

/** "--rename users.email=mail" or "--rename-table users=accounts", as the CLI would take it. */
export function describeCandidate(c: RenameCandidateInfo): string {
  return c.kind === 'table'
    ? `table ${c.from} → ${c.to} (--rename-table ${c.from}=${c.to})`
    : `column ${c.table}.${c.from} → ${c.to} (--rename ${c.table}.${c.from}=${c.to})`;
}

/** Each operation with its own SQL: the one-operation diff, rendered. */
function operationsOf(diff: SchemaDiff, from: Schema, to: Schema): AutogenOperationInfo[] {
  return diff.operations.map((op) => {
    const alone = renderDiff({ operations: [op], renameCandidates: [] }, from, to);
    return {
      kind: op.kind,
      object: op.object,
      owners: ownersOf(op.change),
      destructive: op.destructive,
      sql: alone.upgradeSql,
      reverseSql: alone.downgradeSql,
    };
  });
}

/** The comparison of two schemas as the doors show it. */
export async function compareSchemas(
  project: Project,
  from: Schema,
  to: Schema,
  source: string,
  renames: RenameDecisions,
): Promise<AutogenResult> {
  const diff = diffSchemas(from, to, renames);
  const rendered = renderDiff(diff, from, to);
  const renameCandidates = diff.renameCandidates.map(candidateInfo);
  const warnings = [...rendered.warnings];
  if (renameCandidates.length > 0) {
    warnings.push(
      'written as drop + add, which loses the data, unless you decide a rename: ' +
        renameCandidates.map(describeCandidate).join('; '),
    );
  }
  const operations = operationsOf(diff, from, to);
  const lint =
    operations.length > 0
      ? await lintUpgrade(project, from, rendered.upgradeSql, rendered.transactional)
      : { statements: [], findings: [] };
  return {
    dialect: project.config.dialect,
    source,
    operations,
    renameCandidates,
    upgradeSql: rendered.upgradeSql,
    downgradeSql: rendered.downgradeSql,
    beforeDdl: schemaDdl(from),
    afterDdl: schemaDdl(to),
    transactional: rendered.transactional,
    lint,
    warnings,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The target (schema.sql) against the source (the live database, or the heads on a shadow). */
export async function autogenerate(project: Project, request: AutogenRequest): Promise<AutogenResult> {
  const options = shadowOptions(project, request);
  const { live } = request;
  const drops: PendingDrops = [];
  try {
    // A live source is read while the shadow is built; two shadows are built one after the other.
    const [from, to] = live
      ? await Promise.all([liveSchema(live), targetSchema(project, options, drops)])
      : [await schemaOfHeads(project, options), await targetSchema(project, options, drops)];
    const source = live
      ? describeTarget(live.target)
      : `the heads (${plural(project.map.heads.length, 'head')}, ${plural(project.map.order.length, 'revision')})`;
    return await compareSchemas(
      project,
      onlyObjects(from, request.include),
      onlyObjects(to, request.include),
      source,
      request.renames ?? NO_RENAMES,
    );
  } finally {
    // The shadow is gone before the answer leaves: no scratch database outlives the call.
    await Promise.all(drops);
  }
}

export interface WrittenAutogen extends Written {
  /** The file's line of the upgrade's first line: a lint finding's line + upgradeLine - 1 is the file's. */
  readonly upgradeLine: number;
}

export interface AutogenWritten extends AutogenResult {
  /** The revision written; undefined when the schemas are equal. */
  readonly written: WrittenAutogen | undefined;
}

/** Refuses a live database that is not at the heads: the new revision goes on the head, after what it lacks. */
async function requireAtHeads(project: Project, db: Database): Promise<void> {
  const heads = await withConnection(db, async (conn) =>
    compareWithHeads(project.map, appliedFromRows(project.map, await readVersionRows(conn, tablesOf(project)))),
  );
  if (!heads.atHeads) {
    throw new InvalidRequestError(
      `${describeTarget(db.target)} is not at the heads (${heads.missing.join(', ')} not applied): upgrade it first, ` +
        'or autogenerate without --url to compare with what the migrations produce',
    );
  }
}

/**
 * Autogenerates and writes one revision on the single head; nothing when there is no change.
 * With `reviewed` (the review screen's SQL, perhaps edited by the user), that SQL is written as
 * it is: what is saved is what was reviewed, even if schema.sql changed since.
 */
export async function writeAutogenerated(
  project: Project,
  request: AutogenRequest & { readonly message: string; readonly reviewed?: ReviewedSql | undefined },
): Promise<AutogenWritten> {
  const { map } = project;
  if (map.heads.length > 1) {
    throw new InvalidRequestError(
      `the graph has ${map.heads.length} heads (${map.heads.join(', ')}): 'strata merge heads -m MSG' first, ` +
        'so that the new revision has one schema to start from',
    );
  }
  if (request.live) await requireAtHeads(project, request.live);
  const result = await autogenerate(project, request);
  const { reviewed } = request;
  if (result.operations.length === 0 && !reviewed) return { ...result, written: undefined };
  const sql = reviewed ?? result;
  if (sql.upgradeSql.trim() === '')
    throw new InvalidRequestError('the upgrade is empty: there is nothing to write as a revision');
  const written = createRevision(project, {
    message: request.message,
    parents: [],
    branchLabels: [],
    dependsOn: [],
    transactional: sql.transactional,
    upgradeSql: sql.upgradeSql,
    downgradeSql: sql.downgradeSql,
  });
  const parsed = parseRevisionFile(readFileSync(written.file, 'utf8'), written.file);
  const upgradeLine = parsed.ok ? parsed.file.lines.upgrade : 1;
  return { ...result, written: { ...written, upgradeLine } };
}

/** Drift: the live database against what the migrations produce at the heads; the SQL brings it back. */
export async function drift(project: Project, live: Database, shadowUrl?: string): Promise<AutogenResult> {
  const options = shadowOptions(project, { live, shadowUrl });
  const [actual, expected] = await Promise.all([liveSchema(live), schemaOfHeads(project, options)]);
  return compareSchemas(project, actual, expected, describeTarget(live.target), NO_RENAMES);
}
