// ALTER TABLE / INDEX / VIEW / MATVIEW: the lock level of each subcommand (PostgreSQL's
// AlterTableGetLockLevel; the statement takes the strongest of its subcommands), recursion
// into partitions, and the partition commands. Column and constraint commands are in
// columns.ts and constraints.ts.
import type { AlterTableCmd, AlterTableStmt, AlterTableType, Constraint, ObjectType } from 'libpg-query';
import { stronger } from '../../../../shared/model/lock-mode.ts';
import { nodeAs, nodesOf, relName } from '../parse.ts';
import { displayName, type RelationInfo } from '../schema/model.ts';
import type { LockMode, RelationKind } from '../types.ts';
import { addColumn, alterColumnType, dropColumn, setNotNull } from './columns.ts';
import { addConstraint, dropConstraint, validateConstraint } from './constraints.ts';
import type { Effects } from './effects.ts';

const SUE: ReadonlySet<AlterTableType> = new Set([
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_ReplaceRelOptions',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_ValidateConstraint',
]);
const SRX: ReadonlySet<AlterTableType> = new Set([
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

/** Subcommands that PostgreSQL applies to every partition / inheritance child as well. */
const RECURSES: ReadonlySet<AlterTableType> = new Set([
  'AT_AddColumn',
  'AT_DropColumn',
  'AT_ColumnDefault',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_AlterColumnType',
  'AT_AddConstraint',
  'AT_DropConstraint',
  'AT_ValidateConstraint',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_SetExpression',
  'AT_DropExpression',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
]);

function kindOf(objtype: ObjectType | undefined): RelationKind {
  switch (objtype) {
    case 'OBJECT_INDEX':
      return 'index';
    case 'OBJECT_VIEW':
      return 'view';
    case 'OBJECT_MATVIEW':
      return 'matview';
    case 'OBJECT_SEQUENCE':
      return 'sequence';
    default:
      return 'table';
  }
}

export function commandLevel(cmd: AlterTableCmd, pgVersion: number): LockMode {
  const subtype = cmd.subtype;
  if (subtype === undefined) return 'AccessExclusiveLock';
  if (SUE.has(subtype)) return 'ShareUpdateExclusiveLock';
  if (SRX.has(subtype)) return pgVersion >= 9.5 ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock';
  if (subtype === 'AT_AddConstraint') {
    const c = nodeAs(cmd.def, 'Constraint');
    if (c?.contype === 'CONSTR_FOREIGN' && pgVersion >= 9.5) return 'ShareRowExclusiveLock';
  }
  if (subtype === 'AT_AttachPartition' && pgVersion >= 12) return 'ShareUpdateExclusiveLock';
  if (subtype === 'AT_DetachPartition' && nodeAs(cmd.def, 'PartitionCmd')?.concurrent)
    return 'ShareUpdateExclusiveLock';
  if (subtype === 'AT_DetachPartitionFinalize') return 'ShareUpdateExclusiveLock';
  return 'AccessExclusiveLock';
}

/**
 * Analysis, rules, the model replay and the revision state all read them, one statement
 * after the other: the last statement's are kept (a WeakMap costs more than the list).
 */
let lastStmt: AlterTableStmt | undefined;
let lastCmds: readonly AlterTableCmd[] = [];

export function commandsOf(stmt: AlterTableStmt): readonly AlterTableCmd[] {
  if (stmt !== lastStmt) {
    lastCmds = nodesOf(stmt.cmds, 'AlterTableCmd');
    lastStmt = stmt;
  }
  return lastCmds;
}

export function analyzeAlterTable(fx: Effects, stmt: AlterTableStmt): void {
  const name = relName(stmt.relation);
  if (!name) return;
  const kind = kindOf(stmt.objtype);
  const table = fx.model.resolve(name, kind);
  const recurse = stmt.relation?.inh === true;
  const cmds = commandsOf(stmt);
  let level: LockMode = 'AccessShareLock';
  for (const cmd of cmds) level = stronger(level, commandLevel(cmd, fx.ctx.pgVersion));
  if (cmds.length > 0) fx.lock(table, level, table.kind);
  for (const cmd of cmds) {
    const cmdLevel = commandLevel(cmd, fx.ctx.pgVersion);
    const subtype = cmd.subtype;
    const recursing = recurse && subtype !== undefined && RECURSES.has(subtype);
    if (recursing)
      for (const p of fx.model.partitionsOf(table.key))
        fx.lock(p, cmdLevel, p.kind, `partition of ${displayName(table.key)}`);
    command(fx, table, cmd, recursing);
  }
}

function command(fx: Effects, table: RelationInfo, cmd: AlterTableCmd, recurse: boolean): void {
  const t = displayName(table.key);
  const column = cmd.name ?? '';
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = nodeAs(cmd.def, 'ColumnDef');
      if (def) addColumn(fx, table, def, cmd.missing_ok === true, recurse);
      return;
    }
    case 'AT_AlterColumnType': {
      const def = nodeAs(cmd.def, 'ColumnDef');
      if (def) alterColumnType(fx, table, column, def, recurse);
      return;
    }
    case 'AT_SetNotNull':
      setNotNull(fx, table, column, recurse);
      return;
    case 'AT_DropColumn':
      dropColumn(fx, table, column, cmd.behavior === 'DROP_CASCADE', recurse);
      return;
    case 'AT_AddConstraint': {
      const c = nodeAs(cmd.def, 'Constraint') as Constraint | undefined;
      if (c) addConstraint(fx, table, c, recurse);
      return;
    }
    case 'AT_DropConstraint':
      dropConstraint(fx, table, column, cmd.behavior === 'DROP_CASCADE', recurse);
      return;
    case 'AT_ValidateConstraint':
      validateConstraint(fx, table, column, recurse);
      return;
    case 'AT_SetExpression':
      for (const leaf of table.kind === 'partitioned-table' ? fx.model.partitionsOf(table.key) : [table])
        fx.rewrite(leaf, 'set-expression', `the generated column ${t}.${column} is recomputed for every row`);
      return;
    case 'AT_SetLogged':
    case 'AT_SetUnLogged': {
      const wantUnlogged = cmd.subtype === 'AT_SetUnLogged';
      // Already in that state: PostgreSQL does nothing (but still takes the lock).
      if (fx.model.find(table) && table.unlogged === wantUnlogged) return;
      fx.rewrite(
        table,
        'set-logged',
        `SET ${wantUnlogged ? 'UNLOGGED' : 'LOGGED'} copies ${t} and its indexes into new storage`,
      );
      return;
    }
    case 'AT_SetTableSpace':
      if (table.kind === 'partitioned-table') return;
      // Only the table's storage moves, block by block; its indexes stay where they are.
      fx.rewrite(
        table,
        'set-tablespace',
        `SET TABLESPACE ${cmd.name ?? ''} copies every block of ${t} (its indexes stay where they are)`,
        false,
      );
      return;
    case 'AT_SetAccessMethod':
      fx.rewrite(table, 'set-tablespace', `SET ACCESS METHOD rewrites ${t}`);
      return;
    case 'AT_ClusterOn':
      if (cmd.name) fx.lock({ schema: table.schema, name: cmd.name }, 'ShareUpdateExclusiveLock', 'index');
      return;
    case 'AT_AttachPartition':
      attachPartition(fx, table, cmd);
      return;
    case 'AT_DetachPartition':
    case 'AT_DetachPartitionFinalize':
      detachPartition(fx, table, cmd);
      return;
    case 'AT_AddInherit': {
      const parent = nodeAs(cmd.def, 'RangeVar');
      const p = relName(parent);
      if (p) fx.lock(fx.model.resolve(p, 'table'), 'ShareUpdateExclusiveLock', 'table', `becomes the parent of ${t}`);
      fx.scan(table, 'check', `${t} is checked against the CHECK constraints of its new parent`);
      return;
    }
    default:
      return;
  }
}

function attachPartition(fx: Effects, parent: RelationInfo, cmd: AlterTableCmd): void {
  const pc = nodeAs(cmd.def, 'PartitionCmd');
  const name = relName(pc?.name);
  if (!name) return;
  const part = fx.model.resolve(name, 'table');
  const p = displayName(parent.key);
  fx.lock(part, 'AccessExclusiveLock', part.kind, `attached to ${p}`);
  fx.scan(
    part,
    'attach-partition',
    `${displayName(part.key)} is scanned to prove every row fits the ` +
      `partition bound (skipped only when a validated CHECK implies it)`,
  );
  const dflt = fx.model.defaultPartitionOf(parent.key);
  if (dflt && dflt.key !== part.key) {
    fx.lock(
      dflt,
      'AccessExclusiveLock',
      dflt.kind,
      `DEFAULT partition of ${p}: checked that none of its rows belong to the new partition`,
    );
    fx.scan(
      dflt,
      'default-partition',
      `the DEFAULT partition ${displayName(dflt.key)} is scanned under ACCESS EXCLUSIVE`,
    );
  }
}

function detachPartition(fx: Effects, parent: RelationInfo, cmd: AlterTableCmd): void {
  const pc = nodeAs(cmd.def, 'PartitionCmd');
  const name = relName(pc?.name);
  if (!name) return;
  const part = fx.model.resolve(name, 'table');
  const p = displayName(parent.key);
  if (pc?.concurrent || cmd.subtype === 'AT_DetachPartitionFinalize') {
    // DETACH ... CONCURRENTLY commits between its phases, so it cannot run in a transaction.
    if (cmd.subtype === 'AT_DetachPartition') fx.transactional = false;
    fx.lock(
      part,
      cmd.subtype === 'AT_DetachPartitionFinalize' ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock',
      part.kind,
      `detached from ${p}`,
    );
    return;
  }
  fx.lock(part, 'AccessExclusiveLock', part.kind, `detached from ${p}`);
  const dflt = fx.model.defaultPartitionOf(parent.key);
  if (dflt && dflt.key !== part.key)
    fx.lock(dflt, 'AccessExclusiveLock', dflt.kind, `DEFAULT partition of ${p}: its constraint changes`);
}
