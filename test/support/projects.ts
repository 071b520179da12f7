// Projects written to a temporary folder from a compact description, for tests that need
// a graph of a precise shape.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asRevisionId } from '../../shared/model/revision.ts';
import { renderRevisionFile } from '../../electron/engine/project/revision-file.ts';
import { renderStrataConfig } from '../../electron/engine/project/strata-config.ts';

export interface RevisionSpec {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly labels?: readonly string[];
  readonly message?: string;
  readonly up: string;
  /** undefined: no downgrade section at all. */
  readonly down?: string | undefined;
  readonly transactional?: boolean;
}

export function writeProject(
  dialect: 'sqlite' | 'postgres',
  revisions: readonly RevisionSpec[],
  dir = mkdtempSync(join(tmpdir(), 'strata-project-')),
): string {
  mkdirSync(join(dir, 'versions'), { recursive: true });
  writeFileSync(
    join(dir, 'strata.json'),
    renderStrataConfig({ dialect, versions: 'versions', versionTable: 'strata_version' }),
  );
  revisions.forEach((r, i) => {
    const text = renderRevisionFile({
      id: asRevisionId(r.id),
      parents: (r.parents ?? []).map(asRevisionId),
      dependsOn: (r.dependsOn ?? []).map(asRevisionId),
      branchLabels: r.labels ?? [],
      message: r.message ?? `revision ${r.id}`,
      created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      transactional: r.transactional ?? true,
      upgradeSql: r.up,
      downgradeSql: r.down,
    });
    writeFileSync(join(dir, 'versions', `${r.id}_rev.sql`), text);
  });
  return dir;
}

/** A linear chain: revision i creates table t<i> (and its downgrade drops it). */
export function chain(n: number, prefix = 'c'): RevisionSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(11, '0')}`,
    parents: i === 0 ? [] : [`${prefix}${String(i - 1).padStart(11, '0')}`],
    up: `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO t${i} (id, v) VALUES (1, 'x');\n`,
    down: `DROP TABLE t${i};\n`,
  }));
}

/** A copy of migrations-sample at `dir`, without its database: a fresh project per test. */
export function copySample(dir: string): string {
  cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
  return dir;
}
