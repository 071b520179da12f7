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
const FORMAT = 1;
/** schema.sql and the heads, for one or two servers: enough for a project, small enough to read fast. */
const KEEP = 4;

interface CacheEntry {
  readonly key: string;
  readonly schema: Schema;
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
  const hit = readEntries(projectDir).find((e) => e.key === key);
  if (hit) return hit.schema;
  const schema = await build();
  // Read again: another process may have written its own entry meanwhile.
  const others = readEntries(projectDir).filter((e) => e.key !== key);
  writeEntries(projectDir, [{ key, schema }, ...others].slice(0, KEEP));
  return schema;
}
