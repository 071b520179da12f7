// One statement's effects, by statement kind. The small kinds are handled here; the big
// ones (ALTER TABLE, tables, indexes, queries) in their own files.
import type { Node } from 'libpg-query';
import { LOCK_MODES } from '../../../../shared/model/lock-mode.ts';
import { nameList, nodeAs, nodeKind, relFromNames, relName } from '../parse.ts';
import { displayName } from '../schema/model.ts';
import type { RelationKind } from '../types.ts';
import { analyzeAlterTable } from './alter-table.ts';
import { Effects, type AnalyzerContext } from './effects.ts';
import { analyzeCluster, analyzeCreateIndex, analyzeRefresh, analyzeReindex, analyzeVacuum } from './maintenance.ts';
import { analyzeDelete, analyzeInsert, analyzeMerge, analyzeSelect, analyzeUpdate, lockReads } from './queries.ts';
import { analyzeCreateTable, analyzeDrop, analyzeRename, analyzeTruncate } from './tables.ts';

/** Statement kinds that touch no existing relation (they only create new objects or set state). */
const NO_RELATION_LOCKS: ReadonlySet<string> = new Set([
  'VariableSetStmt',
  'VariableShowStmt',
  'CreateSeqStmt',
  'CreateFunctionStmt',
  'CreateEnumStmt',
  'CreateDomainStmt',
  'CreateSchemaStmt',
  'CreateExtensionStmt',
  'DefineStmt',
  'CompositeTypeStmt',
  'CreateRangeStmt',
  'AlterFunctionStmt',
  'AlterOwnerStmt',
  'AlterRoleStmt',
  'CreateRoleStmt',
  'DropRoleStmt',
  'TransactionStmt',
  'CreateCastStmt',
  'CreateOpClassStmt',
  'AlterExtensionStmt',
  'AlterDefaultPrivilegesStmt',
  'NotifyStmt',
  'ListenStmt',
  'DeallocateStmt',
  'PrepareStmt',
]);

/** Kinds PostgreSQL refuses inside a transaction block. */
const NEVER_IN_TRANSACTION: ReadonlySet<string> = new Set(['CreatedbStmt', 'DropdbStmt', 'AlterSystemStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt']);

export function analyzeNode(node: Node, ctx: AnalyzerContext): Effects {
  const fx = new Effects(ctx);
  const kind = nodeKind(node);
  if (NEVER_IN_TRANSACTION.has(kind)) fx.transactional = false;
  if (NO_RELATION_LOCKS.has(kind) || NEVER_IN_TRANSACTION.has(kind)) return fx;
  const s = (node as Record<string, unknown>)[kind];
  switch (kind) {
    case 'AlterTableStmt':
      analyzeAlterTable(fx, nodeAs(node, 'AlterTableStmt') ?? {});
      break;
    case 'RenameStmt':
      analyzeRename(fx, nodeAs(node, 'RenameStmt') ?? {});
      break;
    case 'IndexStmt':
      analyzeCreateIndex(fx, nodeAs(node, 'IndexStmt') ?? {});
      break;
    case 'DropStmt':
      analyzeDrop(fx, nodeAs(node, 'DropStmt') ?? {});
      break;
    case 'TruncateStmt':
      analyzeTruncate(fx, nodeAs(node, 'TruncateStmt') ?? {});
      break;
    case 'CreateStmt':
      analyzeCreateTable(fx, nodeAs(node, 'CreateStmt') ?? {});
      break;
    case 'CreateTableAsStmt':
      lockReads(fx, nodeAs(node, 'CreateTableAsStmt')?.query);
      break;
    case 'ViewStmt': {
      const v = nodeAs(node, 'ViewStmt') ?? {};
      lockReads(fx, v.query);
      const existing = ctx.model.find(relName(v.view));
      // CREATE OR REPLACE of an existing view swaps its rule under ACCESS EXCLUSIVE.
      if (v.replace && existing) fx.lock(existing, 'AccessExclusiveLock', 'view');
      break;
    }
    case 'RefreshMatViewStmt':
      analyzeRefresh(fx, nodeAs(node, 'RefreshMatViewStmt') ?? {});
      break;
    case 'ReindexStmt':
      analyzeReindex(fx, nodeAs(node, 'ReindexStmt') ?? {});
      break;
    case 'VacuumStmt':
      analyzeVacuum(fx, nodeAs(node, 'VacuumStmt') ?? {});
      break;
    case 'ClusterStmt':
      analyzeCluster(fx, nodeAs(node, 'ClusterStmt') ?? {});
      break;
    case 'InsertStmt':
      analyzeInsert(fx, nodeAs(node, 'InsertStmt') ?? {});
      break;
    case 'UpdateStmt':
      analyzeUpdate(fx, nodeAs(node, 'UpdateStmt') ?? {});
      break;
    case 'DeleteStmt':
      analyzeDelete(fx, nodeAs(node, 'DeleteStmt') ?? {});
      break;
    case 'MergeStmt':
      analyzeMerge(fx, nodeAs(node, 'MergeStmt') ?? {});
      break;
    case 'SelectStmt':
      analyzeSelect(fx, nodeAs(node, 'SelectStmt') ?? {});
      break;
    case 'AlterDomainStmt':
      alterDomain(fx, node);
      break;
    case 'AlterEnumStmt': {
      const e = nodeAs(node, 'AlterEnumStmt') ?? {};
      // Before PostgreSQL 12, ADD VALUE could not run inside a transaction block.
      if (e.oldVal === undefined && ctx.pgVersion < 12) fx.transactional = false;
      break;
    }
    case 'CreateTrigStmt': {
      const t = nodeAs(node, 'CreateTrigStmt') ?? {};
      const name = relName(t.relation);
      if (!name) break;
      const rel = ctx.model.resolve(name, 'table');
      fx.lock(rel, 'ShareRowExclusiveLock', rel.kind);
      for (const p of ctx.model.partitionsOf(rel.key)) fx.lock(p, 'ShareRowExclusiveLock', p.kind, `partition of ${displayName(rel.key)}: gets the trigger too`);
      break;
    }
    case 'CommentStmt':
      comment(fx, node);
      break;
    case 'GrantStmt': {
      const g = nodeAs(node, 'GrantStmt') ?? {};
      // PostgreSQL 18 takes ACCESS SHARE on each table it grants on (measured; 15 takes none).
      if (g.objtype !== 'OBJECT_TABLE' || ctx.pgVersion < 18) break;
      if (g.targtype !== 'ACL_TARGET_OBJECT') {
        fx.assume('GRANT ... ON ALL TABLES IN SCHEMA takes ACCESS SHARE on each table of the schema');
        break;
      }
      for (const o of g.objects ?? []) {
        const name = relName(nodeAs(o, 'RangeVar'));
        if (name) fx.lock(ctx.model.resolve(name, 'table'), 'AccessShareLock', 'table');
      }
      break;
    }
    case 'LockStmt': {
      const l = nodeAs(node, 'LockStmt') ?? {};
      const mode = LOCK_MODES[(l.mode ?? 8) - 1] ?? 'AccessExclusiveLock';
      for (const r of l.relations ?? []) {
        const rv = nodeAs(r, 'RangeVar');
        const name = relName(rv);
        if (!name) continue;
        const rel = ctx.model.resolve(name, 'table');
        fx.lock(rel, mode, rel.kind);
        if (rv?.inh === true) for (const p of ctx.model.partitionsOf(rel.key)) fx.lock(p, mode, p.kind, `partition of ${displayName(rel.key)}`);
      }
      break;
    }
    case 'AlterObjectSchemaStmt': {
      const a = nodeAs(node, 'AlterObjectSchemaStmt') ?? {};
      const name = relName(a.relation);
      if (name) fx.lock(ctx.model.resolve(name, 'table'), 'AccessExclusiveLock', 'table');
      break;
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const name = relName((s as { table?: Parameters<typeof relName>[0] }).table);
      if (name) fx.lock(ctx.model.resolve(name, 'table'), 'AccessExclusiveLock', 'table');
      break;
    }
    case 'CreateStatsStmt': {
      for (const r of nodeAs(node, 'CreateStatsStmt')?.relations ?? []) {
        const name = relName(nodeAs(r, 'RangeVar'));
        if (name) fx.lock(ctx.model.resolve(name, 'table'), 'ShareUpdateExclusiveLock', 'table');
      }
      break;
    }
    case 'AlterSeqStmt': {
      const name = relName(nodeAs(node, 'AlterSeqStmt')?.sequence);
      if (name) fx.lock(ctx.model.resolve(name, 'sequence'), 'ShareRowExclusiveLock', 'sequence');
      break;
    }
    case 'DoStmt':
      fx.opaque = true;
      fx.assume('a DO block runs code the analyzer does not follow: its locks are unknown');
      break;
    default:
      fx.opaque = true;
      fx.assume(`${statementKind(node)}: lock behaviour not modelled`);
  }
  return fx;
}

function alterDomain(fx: Effects, node: Node): void {
  const d = nodeAs(node, 'AlterDomainStmt') ?? {};
  const domain = nameList(d.typeName).pop() ?? '';
  const users = fx.model.tablesUsingDomain(domain);
  const constraint = nodeAs(d.def, 'Constraint');
  // Adding a CHECK (or NOT NULL) verifies every column of that domain in every table, under
  // SHARE: writes to all those tables wait. NOT VALID skips the check and the locks.
  const checks = (d.subtype === 'C' && constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation) || d.subtype === 'O' || d.subtype === 'V';
  if (!checks) return;
  // VALIDATE is no lighter here than ADD: SHARE on every table using the domain (measured).
  const mode = 'ShareLock';
  for (const t of users) {
    fx.lock(t, mode, t.kind, `has a column of domain ${domain}`);
    if (t.kind !== 'partitioned-table') fx.scan(t, 'domain-check', `${displayName(t.key)} is checked against the domain ${domain}`);
  }
  if (!fx.model.domains.has(domain)) fx.assume(`domain ${domain} unknown: every table with a column of it is locked SHARE and scanned`);
}

function comment(fx: Effects, node: Node): void {
  const c = nodeAs(node, 'CommentStmt') ?? {};
  const names = nameList(nodeAs(c.object, 'List')?.items);
  const kinds: Partial<Record<string, RelationKind>> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'matview', OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence', OBJECT_COLUMN: 'table' };
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
  if (kind === 'CreateTableAsStmt' && nodeAs(node, 'CreateTableAsStmt')?.objtype === 'OBJECT_MATVIEW') return 'CREATE MATERIALIZED VIEW';
  return KIND_LABELS[kind] ?? kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}
