// What a PostgreSQL shadow database made of some SQL is a function of that SQL, the server
// that ran it and this version of Strata. Building it is the slow part of autogenerate
// (seconds of DDL for a 1,000-table schema.sql, all on the server), and the review screen asks
// again after every decision (a rename, an excluded object) with schema.sql unchanged: so the
// introspected schema is kept in .strata/schema-cache.json under a hash of all three, and an
// edit of the SQL, another server or a server upgrade builds it again. SQLite's shadow is a
// local file built in milliseconds and is not cached.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Schema } from '../../../shared/model/schema.ts';
import { TOOL_VERSION } from '../../../shared/model/tool.ts';
import { connect } from '../dialects/registry.ts';
import type { ShadowOptions } from './shadow.ts';

const CACHE_DIR = '.strata';
const CACHE_FILE = 'schema-cache.json';
/** Raised when the introspected model's shape or meaning changes within one tool version. */
const FORMAT = 2;
/** schema.sql and the heads, for one or two servers: enough for a project, small enough to read fast. */
const KEEP = 4;

interface CacheEntry {
  readonly key: string;
  readonly schema: Schema;
  /** The entries of one file on one server share a lineage: the latest is where an edit starts from. */
  readonly lineage?: string;
  /** What the entry's schema was built from, as its builder describes it (schema.sql: its statements). */
  readonly source?: unknown;
}

/** A cached schema with what it was built from. */
export interface CachedBuild<Source> {
  readonly schema: Schema;
  readonly source?: Source | undefined;
  /** The previous entry's schema and source as they were (an edit that changed nothing built). */
  readonly unchanged?: boolean;
}

/** Off with STRATA_SCHEMA_CACHE=0 (every shadow is then built). */
export function schemaCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.STRATA_SCHEMA_CACHE !== '0';
}

function readEntries(projectDir: string): CacheEntry[] {
  try {
    const data = JSON.parse(readFileSync(join(projectDir, CACHE_DIR, CACHE_FILE), 'utf8')) as { entries?: unknown };
    return Array.isArray(data.entries) ? (data.entries as CacheEntry[]) : [];
  } catch {
    return [];
  }
}

function writeEntries(projectDir: string, entries: readonly CacheEntry[]): void {
  try {
    const dir = join(projectDir, CACHE_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.gitignore'), '# written by strata: a cache, safe to delete\n*\n');
    const tmp = join(dir, `${CACHE_FILE}.${process.pid}-${threadId}.tmp`);
    writeFileSync(tmp, JSON.stringify({ entries }));
    // Readers see the old file or the new one, never half of one.
    renameSync(tmp, join(dir, CACHE_FILE));
  } catch {
    // A read-only checkout or a full disk: the shadow is simply built again next time.
  }
}

/**
 * The server a PostgreSQL shadow is built on, as part of a cache key: host, port and version
 * (user, password and database aside); the embedded server is pinned by this Strata's version.
 */
export async function shadowServerIdentity(options: ShadowOptions): Promise<string> {
  const url = options.shadowUrl ?? options.serverUrl;
  if (url === undefined) return `embedded ${TOOL_VERSION}`;
  const conn = await connect({ dialect: 'postgres', url });
  try {
    const [row] = await conn.query<{ server_version_num: string }>('SHOW server_version_num');
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || '5432'} ${row?.server_version_num ?? '?'}`;
  } finally {
    await conn.close();
  }
}

export function schemaCacheKey(parts: readonly string[]): string {
  const hash = createHash('sha256').update(`strata ${TOOL_VERSION} schema cache ${FORMAT}`);
  for (const part of parts) hash.update(`\0${part.length}\0`).update(part);
  return hash.digest('hex');
}

/** The schema kept under `key`, else `build()`'s, kept for next time (the most recent KEEP). */
export async function cachedSchema(projectDir: string, key: string, build: () => Promise<Schema>): Promise<Schema> {
  const built = await cachedBuild(projectDir, key, undefined, async () => ({ schema: await build() }));
  return built.schema;
}

/**
 * The build kept under `key`, else `build(previous)`'s, kept for next time: `previous` is the
 * latest entry of `lineage` (the same file on the same server before its last edit), which
 * the builder may start from.
 */
export async function cachedBuild<Source>(
  projectDir: string,
  key: string,
  lineage: string | undefined,
  build: (previous: CachedBuild<Source> | undefined) => Promise<CachedBuild<Source>>,
): Promise<CachedBuild<Source>> {
  const entries = readEntries(projectDir);
  const hit = entries.find((e) => e.key === key);
  if (hit) return { schema: hit.schema, source: hit.source as Source | undefined };
  const last = lineage === undefined ? undefined : entries.find((e) => e.lineage === lineage);
  const built = await build(last && { schema: last.schema, source: last.source as Source | undefined });
  // Read again: another process may have written its own entry meanwhile. An unchanged build
  // takes over the previous entry (now under the new key) rather than copy a whole model.
  const replaced = built.unchanged === true ? last?.key : undefined;
  const others = readEntries(projectDir).filter((e) => e.key !== key && e.key !== replaced);
  const entry: CacheEntry = {
    key,
    schema: built.schema,
    ...(lineage !== undefined ? { lineage } : {}),
    ...(built.source !== undefined ? { source: built.source } : {}),
  };
  writeEntries(projectDir, [entry, ...others].slice(0, KEEP));
  return built;
}
