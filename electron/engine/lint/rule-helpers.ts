// Small helpers the rules share: naming relations and locks in messages, quoting
// identifiers in fix text, the common fixes (lock_timeout prelude, non-transactional header).
import type { AlterTableCmd, Node } from 'libpg-query';
import { commandsOf } from './analyze/alter-table.ts';
import { level, LOCK_MODE_LABEL } from '../../../shared/model/lock-mode.ts';
import { nodeAs, relName, type RelName } from './parse.ts';
import type { RuleContext } from './rule.ts';
import { displayName, relationKey } from './schema/model.ts';
import type { Fix, RelationLock } from './types.ts';

export const LOCK_TIMEOUT_SQL = "SET lock_timeout = '5s'";

/**
 * Rules on one statement ask for the key of the same relation (alterCommands' table) again
 * and again: the last one is kept, so it is one string, built and hashed once.
 */
let lastRel: RelName | undefined;
let lastKey = '';

export function keyOf(rel: RelName | undefined): string {
  if (!rel) return '';
  if (rel !== lastRel) {
    lastKey = relationKey(rel);
    lastRel = rel;
  }
  return lastKey;
}

export function nameOf(rel: RelName | undefined): string {
  return rel ? displayName(keyOf(rel)) : '?';
}

/** An identifier as SQL text: bare when it is a plain lower-case name, else double-quoted. */
export function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function qualified(rel: RelName): string {
  return rel.schema ? `${ident(rel.schema)}.${ident(rel.name)}` : ident(rel.name);
}

export function describeLock(l: RelationLock): string {
  return `${LOCK_MODE_LABEL[l.mode]} on ${l.relation}${l.reason ? ` (${l.reason})` : ''}`;
}

/** Locks on relations that existed before this revision, strongest first. */
export function existingLocks(ctx: RuleContext): RelationLock[] {
  return ctx.analysis.locks.filter((l) => !l.isNew).sort((a, b) => level(b.mode) - level(a.mode));
}

/** "ACCESS EXCLUSIVE on child, SHARE ROW EXCLUSIVE on parent (referenced by …)". */
export function lockList(locks: readonly RelationLock[], max = 4): string {
  const shown = locks.slice(0, max).map(describeLock);
  return locks.length > max ? `${shown.join(', ')} and ${locks.length - max} more` : shown.join(', ');
}

export function lockTimeoutFix(ctx: RuleContext): Fix {
  return {
    description:
      `Set lock_timeout at the start of the revision, ` +
      `so a blocked lock request gives up instead of queueing all traffic`,
    edits: [ctx.fixes.prelude(`${LOCK_TIMEOUT_SQL};`)],
  };
}

/** The header change that lets a statement run outside a transaction block. */
export function outsideTransaction(ctx: RuleContext): { header?: { transactional: false } } {
  return ctx.state.transactional ? { header: { transactional: false } } : {};
}

export function whereRevision(ctx: RuleContext): string {
  return ctx.state.isRevision
    ? "mark the revision '-- strata:transactional false'"
    : "run the file outside a transaction ('-- strata:transactional false')";
}

export interface AlterCommands {
  readonly table: RelName | undefined;
  readonly cmds: readonly AlterTableCmd[];
}

const NOT_ALTER_TABLE: AlterCommands = Object.freeze({ table: undefined, cmds: Object.freeze([]) });
/** A dozen rules ask for the same statement's commands in a row: the last answer is kept. */
let lastNode: Node | undefined;
let lastCommands = NOT_ALTER_TABLE;

export function alterCommands(node: Node): AlterCommands {
  const alter = nodeAs(node, 'AlterTableStmt');
  if (!alter || (alter.objtype !== undefined && alter.objtype !== 'OBJECT_TABLE')) return NOT_ALTER_TABLE;
  if (node !== lastNode) {
    lastCommands = { table: relName(alter.relation), cmds: commandsOf(alter) };
    lastNode = node;
  }
  return lastCommands;
}

const UNITS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration setting in milliseconds, as PostgreSQL reads it (a bare number is ms). */
export function durationMs(arg: Node | undefined): number | undefined {
  const c = nodeAs(arg, 'A_Const');
  if (!c) return undefined;
  if (c.ival !== undefined) return c.ival.ival ?? 0;
  return durationTextMs(c.fval?.fval ?? c.sval?.sval ?? '');
}

/** '5s', '1min', '250' (ms): a duration as PostgreSQL reads a timeout setting's text. */
export function durationTextMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = UNITS[(m[2] ?? '').toLowerCase() || 'ms'];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}
