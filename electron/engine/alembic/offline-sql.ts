// Each revision's SQL, as the user's own alembic renders it offline: one `upgrade heads --sql`
// and one `downgrade heads:base --sql` for the whole project, cut per revision at the
// `-- Running upgrade A -> B` comments alembic writes before each one, less alembic's own
// statements on its version table (version-statements.ts). Kept in
// .strata/alembic-sql.json under a key of every file that shapes it (modules, env.py, the
// configuration), so loads, lint and the studio see it without running alembic again, and an
// edit of any of those files is never shown stale SQL.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { RevisionMap } from '../graph/revision-map.ts';
import type { AlembicProject } from '../project/project.ts';
import { runAlembic, type AlembicRunOptions } from './command.ts';
import { withoutVersionTable } from './version-statements.ts';

const CACHE_DIR = '.strata';
const CACHE_FILE = 'alembic-sql.json';
/** The shape of the SQL kept: 2 has no version-table statements, so a cache of 1 is rendered again. */
const CACHE_FORMAT = 2;

export interface RevisionSql {
  readonly upgrade: string;
  readonly downgrade: string | undefined;
}

const MARKER = /^-- Running (upgrade|downgrade) (.*?) -> (.*)$/gm;

/**
 * An offline script cut per revision: upgrade sections by their target, downgrade ones by the
 * revision taken back; each without what alembic does to its version table.
 */
export function splitOfflineSql(
  script: string,
  direction: 'upgrade' | 'downgrade',
  versionTable: string,
): Map<string, string> {
  const marks = [...script.matchAll(MARKER)].filter((m) => m[1] === direction);
  const out = new Map<string, string>();
  marks.forEach((m, i) => {
    const from = (m.index as number) + m[0].length;
    const next = marks[i + 1];
    let body = script.slice(from, next ? next.index : script.length).trim();
    if (!next) {
      // What closes the whole script is not this revision's: the final COMMIT (on the way down
      // to base, the version table's DROP before it goes with the other version statements).
      body = body.replace(/(?:\n*COMMIT;)$/, '').trimEnd();
    }
    const revision = (direction === 'upgrade' ? (m[3] as string) : (m[2] as string)).split(',')[0]?.trim() as string;
    out.set(revision, withoutVersionTable(body === '' ? '' : body + '\n', versionTable));
  });
  return out;
}

/**
 * Runs alembic offline both ways and returns each revision's SQL; the cache is written for
 * `key`. Offline, alembic takes the way down from one revision only (`heads:base` with two
 * heads is its "Multiple head revisions" error), so each head is walked down on its own, and
 * a head whose every revision already has its downgrade is not walked again.
 */
export async function generateOfflineSql(
  dir: string,
  alembic: AlembicProject,
  key: string,
  graph: Pick<RevisionMap, 'heads' | 'ancestors'>,
  options: AlembicRunOptions = {},
): Promise<Map<string, RevisionSql>> {
  const up = await runAlembic(alembic, ['upgrade', 'heads', '--sql'], options);
  const upgrade = splitOfflineSql(up.stdout, 'upgrade', alembic.versionTable);
  const downgrade = new Map<string, string>();
  for (const head of graph.heads) {
    const below = [...graph.ancestors([head]), head];
    if (below.every((id) => downgrade.has(id))) continue;
    try {
      const down = await runAlembic(alembic, ['downgrade', `${head}:base`, '--sql'], options);
      for (const [id, text] of splitOfflineSql(down.stdout, 'downgrade', alembic.versionTable))
        if (!downgrade.has(id)) downgrade.set(id, text);
    } catch (error) {
      // A downgrade() that cannot render offline leaves the downgrade side unknown, not the upgrade.
      if (options.signal?.aborted) throw error;
    }
  }
  const sql = new Map<string, RevisionSql>();
  for (const [id, text] of upgrade) sql.set(id, { upgrade: text, downgrade: downgrade.get(id) });
  writeSqlCache(dir, key, sql);
  return sql;
}

/** The key of everything the offline SQL depends on: the texts, in load order. */
export class SqlKey {
  private readonly hash = createHash('sha256');
  add(text: string): this {
    this.hash.update(text).update('\0');
    return this;
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

export function readSqlCache(dir: string, key: string): Map<string, RevisionSql> | undefined {
  try {
    const data = JSON.parse(readFileSync(join(dir, CACHE_DIR, CACHE_FILE), 'utf8')) as {
      format?: unknown;
      key?: unknown;
      revisions?: Record<string, RevisionSql>;
    };
    if (
      data.format !== CACHE_FORMAT ||
      data.key !== key ||
      typeof data.revisions !== 'object' ||
      data.revisions === null
    )
      return undefined;
    return new Map(Object.entries(data.revisions));
  } catch {
    return undefined;
  }
}

function writeSqlCache(dir: string, key: string, sql: ReadonlyMap<string, RevisionSql>): void {
  try {
    const folder = join(dir, CACHE_DIR);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '.gitignore'), '# written by strata: a cache, safe to delete\n*\n');
    const tmp = join(folder, `${CACHE_FILE}.${process.pid}-${threadId}.tmp`);
    writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, key, revisions: Object.fromEntries(sql) }));
    renameSync(tmp, join(folder, CACHE_FILE));
  } catch {
    // A read-only checkout: the SQL is simply rendered again next time.
  }
}
