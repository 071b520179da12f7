// One statement's effects, by statement kind. The small kinds are handled here; the big
// ones (ALTER TABLE, tables, indexes, queries) in their own files.
import type { Node } from 'libpg-query';
import { LOCK_MODES } from '../../../../shared/model/lock-mode.ts';
import { defElemFlag, nameList, nodeAs, nodeKind, relFromNames, relName, type RelName } from '../parse.ts';
import { displayName } from '../schema/model.ts';
import type { LockMode, RelationKind } from '../types.ts';
import { analyzeAlterTable } from './alter-table.ts';
import { Effects, type AnalyzerContext } from './effects.ts';
import { analyzeCluster, analyzeCreateIndex, analyzeRefresh, analyzeReindex, analyzeVacuum } from './maintenance.ts';
import { analyzeDelete, analyzeInsert, analyzeMerge, analyzeSelect, analyzeUpdate, lockReads } from './queries.ts';
import { NEVER_IN_TRANSACTION, NO_RELATION_LOCKS, UNPREDICTABLE } from './statement-kinds.ts';
import { analyzeCreateTable, analyzeDrop, analyzeRename, analyzeTruncate } from './tables.ts';
import { UTILITY_ANALYZERS } from './utility.ts';

type Analyzer = (fx: Effects, node: Node) => void;

/**
 * The lock model of every statement kind that has one. A kind of the parser's is either here,
 * among the kinds that lock no relation (statement-kinds.ts), or among those whose locks
 * cannot be predicted: a test holds that list equal to the parser's statement nodes.
 */
const ANALYZERS: Readonly<Record<string, Analyzer>> = {
  AlterTableStmt: (fx, n) => analyzeAlterTable(fx, nodeAs(n, 'AlterTableStmt') ?? {}),
  RenameStmt: (fx, n) => analyzeRename(fx, nodeAs(n, 'RenameStmt') ?? {}),
  IndexStmt: (fx, n) => analyzeCreateIndex(fx, nodeAs(n, 'IndexStmt') ?? {}),
  DropStmt: (fx, n) => analyzeDrop(fx, nodeAs(n, 'DropStmt') ?? {}),
  TruncateStmt: (fx, n) => analyzeTruncate(fx, nodeAs(n, 'TruncateStmt') ?? {}),
  CreateStmt: (fx, n) => analyzeCreateTable(fx, nodeAs(n, 'CreateStmt') ?? {}),
  CreateForeignTableStmt: (fx, n) => analyzeCreateTable(fx, nodeAs(n, 'CreateForeignTableStmt')?.base ?? {}),
  CreateTableAsStmt: (fx, n) => lockReads(fx, nodeAs(n, 'CreateTableAsStmt')?.query),
  ViewStmt: (fx, n) => {
    const v = nodeAs(n, 'ViewStmt') ?? {};
    lockReads(fx, v.query);
    const existing = fx.model.find(relName(v.view));
    // CREATE OR REPLACE of an existing view swaps its rule under ACCESS EXCLUSIVE.
    if (v.replace && existing) fx.lock(existing, 'AccessExclusiveLock', 'view');
  },
  RefreshMatViewStmt: (fx, n) => analyzeRefresh(fx, nodeAs(n, 'RefreshMatViewStmt') ?? {}),
  ReindexStmt: (fx, n) => analyzeReindex(fx, nodeAs(n, 'ReindexStmt') ?? {}),
  VacuumStmt: (fx, n) => analyzeVacuum(fx, nodeAs(n, 'VacuumStmt') ?? {}),
  ClusterStmt: (fx, n) => analyzeCluster(fx, nodeAs(n, 'ClusterStmt') ?? {}),
  InsertStmt: (fx, n) => analyzeInsert(fx, nodeAs(n, 'InsertStmt') ?? {}),
  UpdateStmt: (fx, n) => analyzeUpdate(fx, nodeAs(n, 'UpdateStmt') ?? {}),
  DeleteStmt: (fx, n) => analyzeDelete(fx, nodeAs(n, 'DeleteStmt') ?? {}),
  MergeStmt: (fx, n) => analyzeMerge(fx, nodeAs(n, 'MergeStmt') ?? {}),
  SelectStmt: (fx, n) => analyzeSelect(fx, nodeAs(n, 'SelectStmt') ?? {}),
  AlterDomainStmt: alterDomain,
  AlterEnumStmt: (fx, n) => {
    // Before PostgreSQL 12, ADD VALUE could not run inside a transaction block.
    if (nodeAs(n, 'AlterEnumStmt')?.oldVal === undefined && fx.ctx.pgVersion < 12) fx.transactional = false;
  },
  CreateTrigStmt: (fx, n) => {
    const name = relName(nodeAs(n, 'CreateTrigStmt')?.relation);
    if (!name) return;
    const rel = fx.model.resolve(name, 'table');
    fx.lock(rel, 'ShareRowExclusiveLock', rel.kind);
    for (const p of fx.model.partitionsOf(rel.key))
      fx.lock(p, 'ShareRowExclusiveLock', p.kind, `partition of ${displayName(rel.key)}: gets the trigger too`);
  },
  CommentStmt: (fx, n) => lockObjectByName(fx, nodeAs(n, 'CommentStmt') ?? {}),
  // SECURITY LABEL finds its object as COMMENT does (get_object_address, SHARE UPDATE EXCLUSIVE).
  SecLabelStmt: (fx, n) => lockObjectByName(fx, nodeAs(n, 'SecLabelStmt') ?? {}),
  GrantStmt: grant,
  LockStmt: (fx, n) => {
    const l = nodeAs(n, 'LockStmt') ?? {};
    const mode = LOCK_MODES[(l.mode ?? 8) - 1] ?? 'AccessExclusiveLock';
    for (const r of l.relations ?? []) {
      const rv = nodeAs(r, 'RangeVar');
      const name = relName(rv);
      if (!name) continue;
      const rel = fx.model.resolve(name, 'table');
      fx.lock(rel, mode, rel.kind);
      if (rv?.inh === true)
        for (const p of fx.model.partitionsOf(rel.key))
          fx.lock(p, mode, p.kind, `partition of ${displayName(rel.key)}`);
    }
  },
  AlterObjectSchemaStmt: (fx, n) => {
    const name = relName(nodeAs(n, 'AlterObjectSchemaStmt')?.relation);
    if (name) fx.lock(fx.model.resolve(name, 'table'), 'AccessExclusiveLock', 'table');
  },
  CreatePolicyStmt: (fx, n) => lockTable(fx, relName(nodeAs(n, 'CreatePolicyStmt')?.table), 'AccessExclusiveLock'),
  AlterPolicyStmt: (fx, n) => lockTable(fx, relName(nodeAs(n, 'AlterPolicyStmt')?.table), 'AccessExclusiveLock'),
  CreateStatsStmt: (fx, n) => {
    for (const r of nodeAs(n, 'CreateStatsStmt')?.relations ?? [])
      lockTable(fx, relName(nodeAs(r, 'RangeVar')), 'ShareUpdateExclusiveLock');
  },
  AlterSeqStmt: (fx, n) => {
    const name = relName(nodeAs(n, 'AlterSeqStmt')?.sequence);
    if (name) fx.lock(fx.model.resolve(name, 'sequence'), 'ShareRowExclusiveLock', 'sequence');
  },
  ExplainStmt: (fx, n) => {
    const e = nodeAs(n, 'ExplainStmt') ?? {};
    if (!e.query) return;
    // Planning takes the statement's locks; only ANALYZE runs it (and its scans and writes).
    const inner = analyzeNode(e.query, fx.ctx);
    fx.absorb(inner, !defElemFlag(e.options, 'analyze'));
  },
  RuleStmt: (fx, n) => {
    const r = nodeAs(n, 'RuleStmt') ?? {};
    const name = relName(r.relation);
    if (!name) return;
    const table = fx.model.resolve(name, 'table');
    // A rule changes how every query on the table is rewritten: ACCESS EXCLUSIVE. Its actions
    // are parsed, not run: they take their statements' locks, without scans or writes.
    fx.lock(table, 'AccessExclusiveLock', table.kind);
    lockReads(fx, r.whereClause, new Set([table.key]));
    for (const action of r.actions ?? []) fx.absorb(analyzeNode(action, fx.ctx), true);
  },
  ...UTILITY_ANALYZERS,
};

/** Whether the analyzer has a lock model for a statement kind (a parser node name). */
export function lockModelOf(kind: string): 'modelled' | 'unpredictable' | undefined {
  if (kind in ANALYZERS || NO_RELATION_LOCKS.has(kind) || NEVER_IN_TRANSACTION.has(kind)) return 'modelled';
  return kind in UNPREDICTABLE ? 'unpredictable' : undefined;
}

export function analyzeNode(node: Node, ctx: AnalyzerContext): Effects {
  const fx = new Effects(ctx);
  const kind = nodeKind(node);
  if (NEVER_IN_TRANSACTION.has(kind)) fx.transactional = false;
  if (NO_RELATION_LOCKS.has(kind) || NEVER_IN_TRANSACTION.has(kind)) return fx;
  const analyzer = ANALYZERS[kind];
  if (analyzer) analyzer(fx, node);
  else fx.unknown(UNPREDICTABLE[kind] ?? `${statementKind(node)} has no lock model in this version of Strata`);
  return fx;
}

function lockTable(fx: Effects, name: RelName | undefined, mode: LockMode): void {
  if (name) fx.lock(fx.model.resolve(name, 'table'), mode, 'table');
}

function grant(fx: Effects, node: Node): void {
  const g = nodeAs(node, 'GrantStmt') ?? {};
  // PostgreSQL 18 takes ACCESS SHARE on each table it grants on (measured; 15 takes none).
  if (g.objtype !== 'OBJECT_TABLE' || fx.ctx.pgVersion < 18) return;
  if (g.targtype !== 'ACL_TARGET_OBJECT') {
    fx.assume('GRANT ... ON ALL TABLES IN SCHEMA takes ACCESS SHARE on each table of the schema');
    return;
  }
  for (const o of g.objects ?? []) lockTable(fx, relName(nodeAs(o, 'RangeVar')), 'AccessShareLock');
}

function alterDomain(fx: Effects, node: Node): void {
  const d = nodeAs(node, 'AlterDomainStmt') ?? {};
  const domain = nameList(d.typeName).pop() ?? '';
  const users = fx.model.tablesUsingDomain(domain);
  const constraint = nodeAs(d.def, 'Constraint');
  // Adding a CHECK (or NOT NULL) verifies every column of that domain in every table, under
  // SHARE: writes to all those tables wait. NOT VALID skips the check and the locks.
  const checks =
    (d.subtype === 'C' && constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation) ||
    d.subtype === 'O' ||
    d.subtype === 'V';
  if (!checks) return;
  // VALIDATE is no lighter here than ADD: SHARE on every table using the domain (measured).
  const mode = 'ShareLock';
  for (const t of users) {
    fx.lock(t, mode, t.kind, `has a column of domain ${domain}`);
    if (t.kind !== 'partitioned-table')
      fx.scan(t, 'domain-check', `${displayName(t.key)} is checked against the domain ${domain}`);
  }
  if (!fx.model.domains.has(domain))
    fx.assume(`domain ${domain} unknown: every table with a column of it is locked SHARE and scanned`);
}

function lockObjectByName(fx: Effects, c: { readonly objtype?: string; readonly object?: Node }): void {
  const names = nameList(nodeAs(c.object, 'List')?.items);
  const kinds: Partial<Record<string, RelationKind>> = {
    OBJECT_TABLE: 'table',
    OBJECT_VIEW: 'view',
    OBJECT_MATVIEW: 'matview',
    OBJECT_INDEX: 'index',
    OBJECT_SEQUENCE: 'sequence',
    OBJECT_COLUMN: 'table',
  };
  const kind = c.objtype ? kinds[c.objtype] : undefined;
  if (!kind) return;
  const rel = relFromNames(c.objtype === 'OBJECT_COLUMN' ? names.slice(0, -1) : names);
  if (rel) fx.lock(fx.model.resolve(rel, kind), 'ShareUpdateExclusiveLock', kind);
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  AlterTableStmt: 'ALTER TABLE',
  RenameStmt: 'RENAME',
  IndexStmt: 'CREATE INDEX',
  DropStmt: 'DROP',
  TruncateStmt: 'TRUNCATE',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  ViewStmt: 'CREATE VIEW',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  ReindexStmt: 'REINDEX',
  VacuumStmt: 'VACUUM',
  ClusterStmt: 'CLUSTER',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  SelectStmt: 'SELECT',
  AlterDomainStmt: 'ALTER DOMAIN',
  AlterEnumStmt: 'ALTER TYPE',
  CreateTrigStmt: 'CREATE TRIGGER',
  CommentStmt: 'COMMENT',
  GrantStmt: 'GRANT',
  LockStmt: 'LOCK',
  VariableSetStmt: 'SET',
  DoStmt: 'DO',
};

export function statementKind(node: Node): string {
  const kind = nodeKind(node);
  if (kind === 'VacuumStmt' && nodeAs(node, 'VacuumStmt')?.is_vacuumcmd !== true) return 'ANALYZE';
  if (kind === 'CreateTableAsStmt' && nodeAs(node, 'CreateTableAsStmt')?.objtype === 'OBJECT_MATVIEW')
    return 'CREATE MATERIALIZED VIEW';
  return (
    KIND_LABELS[kind] ??
    kind
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}
