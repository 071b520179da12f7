// Indexes and table maintenance: CREATE INDEX, REINDEX, VACUUM, ANALYZE, CLUSTER and
// REFRESH MATERIALIZED VIEW. The CONCURRENTLY forms trade the write-blocking lock for
// SHARE UPDATE EXCLUSIVE, but they commit internally, so they cannot run in a transaction.
import type { ClusterStmt, IndexStmt, RefreshMatViewStmt, ReindexStmt, VacuumStmt } from 'libpg-query';
import { defElemFlag, nodeAs, relName } from '../parse.ts';
import { displayName, type RelationInfo } from '../schema/model.ts';
import type { Effects } from './effects.ts';

export function analyzeCreateIndex(fx: Effects, stmt: IndexStmt): void {
  const name = relName(stmt.relation);
  if (!name) return;
  const table = fx.model.resolve(name, 'table');
  const t = displayName(table.key);
  const mode = stmt.concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock';
  if (stmt.concurrent) fx.transactional = false;
  fx.lock(table, mode, table.kind);
  // ON ONLY a partitioned table creates an invalid parent index and builds nothing.
  if (table.kind === 'partitioned-table' && stmt.relation?.inh !== true) return;
  const leaves = table.kind === 'partitioned-table' ? fx.model.partitionsOf(table.key) : [table];
  for (const p of leaves) {
    if (p.key !== table.key) fx.lock(p, mode, p.kind, `partition of ${t}: its index is built too`);
    if (p.kind !== 'partitioned-table')
      fx.scan(
        p,
        'index-build',
        `the index is built by reading every row of ${displayName(p.key)}${stmt.concurrent ? ' (twice)' : ''}`,
      );
  }
}

export function analyzeReindex(fx: Effects, stmt: ReindexStmt): void {
  const concurrent = defElemFlag(stmt.params, 'concurrently');
  if (concurrent) fx.transactional = false;
  const tableMode = concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock';
  const indexMode = concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
  const name = relName(stmt.relation);
  switch (stmt.kind) {
    case 'REINDEX_OBJECT_INDEX': {
      if (!name) return;
      const index = fx.model.resolve(name, 'index');
      // SHARE on the table, but ACCESS EXCLUSIVE on the index: plans open every index of
      // the table, so plain reads of the table wait too.
      fx.lock(index, indexMode, 'index');
      const table = index.index?.table;
      if (table) {
        fx.lockKey(table, tableMode, 'table', `table of the rebuilt index ${displayName(index.key)}`);
        fx.scan(table, 'index-build', `${displayName(index.key)} is rebuilt from every row of ${displayName(table)}`);
      } else
        fx.assume(
          `table of index ${displayName(index.key)} unknown: ` +
            `it is locked ${concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE'} too`,
        );
      return;
    }
    case 'REINDEX_OBJECT_TABLE': {
      if (!name) return;
      const table = fx.model.resolve(name, 'table');
      // A partitioned table is reindexed one partition per transaction.
      if (table.kind === 'partitioned-table') fx.transactional = false;
      for (const t of [table, ...fx.model.partitionsOf(table.key)]) {
        fx.lock(t, tableMode, t.kind, t.key === table.key ? undefined : `partition of ${displayName(table.key)}`);
        for (const i of t.indexes) fx.lockKey(i, indexMode, 'index', `index of ${displayName(t.key)}, rebuilt`);
        if (t.kind !== 'partitioned-table')
          fx.scan(t, 'index-build', `every index of ${displayName(t.key)} is rebuilt from its rows`);
      }
      if (fx.model.find(table) === undefined)
        fx.assume(
          `indexes of ${displayName(table.key)} unknown: ` +
            `each is locked ${concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE'} (reads of the table wait)`,
        );
      return;
    }
    default:
      // SCHEMA / DATABASE / SYSTEM commit per table, so they cannot run in a transaction.
      fx.transactional = false;
      fx.opaque = true;
      fx.assume(
        `REINDEX ${String(stmt.kind).replace('REINDEX_OBJECT_', '')} locks every table it covers, one at a time`,
      );
  }
}

export function analyzeVacuum(fx: Effects, stmt: VacuumStmt): void {
  const full = defElemFlag(stmt.options, 'full');
  const vacuum = stmt.is_vacuumcmd === true;
  // VACUUM cannot run in a transaction block; ANALYZE alone can.
  if (vacuum) fx.transactional = false;
  const rels = (stmt.rels ?? []).flatMap((n) => {
    const r = relName(nodeAs(n, 'VacuumRelation')?.relation);
    return r ? [fx.model.resolve(r, 'table')] : [];
  });
  if (rels.length === 0) {
    fx.opaque = true;
    fx.assume(`${vacuum ? 'VACUUM' : 'ANALYZE'} without a table processes every table of the database`);
  }
  for (const rel of rels) {
    if (vacuum && full) {
      fx.lockWithIndexes(rel, 'AccessExclusiveLock');
      fx.rewrite(rel, 'vacuum-full', `VACUUM FULL copies every live row of ${displayName(rel.key)} into new storage`);
    } else {
      fx.lock(rel, 'ShareUpdateExclusiveLock', rel.kind);
      if (vacuum) fx.scan(rel, 'query', `VACUUM reads ${displayName(rel.key)}`);
    }
  }
}

export function analyzeCluster(fx: Effects, stmt: ClusterStmt): void {
  const name = relName(stmt.relation);
  if (!name) {
    // CLUSTER without a table processes every clustered table, one transaction each.
    fx.transactional = false;
    fx.opaque = true;
    fx.assume('CLUSTER without a table rewrites every previously clustered table');
    return;
  }
  const table = fx.model.resolve(name, 'table');
  fx.lockWithIndexes(table, 'AccessExclusiveLock');
  for (const p of fx.model.partitionsOf(table.key)) {
    fx.lockWithIndexes(p, 'AccessExclusiveLock', `partition of ${displayName(table.key)}`);
    fx.rewrite(p, 'cluster', `CLUSTER rewrites ${displayName(p.key)} in index order`);
  }
  if (table.kind === 'partitioned-table') fx.transactional = false;
  else fx.rewrite(table, 'cluster', `CLUSTER rewrites ${displayName(table.key)} in index order`);
}

export function analyzeRefresh(fx: Effects, stmt: RefreshMatViewStmt): void {
  const name = relName(stmt.relation);
  if (!name) return;
  const mv: RelationInfo = fx.model.resolve(name, 'matview');
  const m = displayName(mv.key);
  if (stmt.concurrent) {
    // EXCLUSIVE: reads of the matview go on while the new contents are diffed in.
    fx.lock(mv, 'ExclusiveLock', 'matview');
  } else {
    fx.lockWithIndexes(mv, 'AccessExclusiveLock');
    if (!stmt.skipData)
      fx.rewrite(mv, 'refresh-matview', `REFRESH MATERIALIZED VIEW ${m} fills new storage under ACCESS EXCLUSIVE`);
  }
  if (stmt.skipData) return;
  for (const src of mv.dependsOn) {
    fx.lockKey(src, 'AccessShareLock', 'table', `read to refresh ${m}`);
    fx.scan(src, 'query', `${displayName(src)} is read to refresh ${m}`);
  }
  if (!fx.model.find(mv)) fx.assume(`query of ${m} unknown: the tables it reads get ACCESS SHARE`);
}
