// What one statement does to the database, collected while its AST is walked: the locks
// per relation (strongest mode kept), rewrites and scans with their causes, and whether it
// can run in a transaction block. Rules read the causes; the report reads the rest.
import { stronger } from '../../../../shared/model/lock-mode.ts';
import type { RelName } from '../parse.ts';
import { displayName, relationKey, type RelationInfo, type SchemaModel } from '../schema/model.ts';
import type { Volatility } from '../schema/volatility.ts';
import type { LockMode, RelationKind } from '../types.ts';

export type RewriteCause =
  | 'volatile-default'
  | 'identity'
  | 'serial'
  | 'stored-generated'
  | 'type-change'
  | 'set-tablespace'
  | 'set-logged'
  | 'vacuum-full'
  | 'cluster'
  | 'refresh-matview'
  | 'pre-11-default'
  | 'set-expression'
  | 'domain-constraint';

export type ScanCause =
  | 'check'
  | 'foreign-key'
  | 'not-null'
  | 'required-column'
  | 'index-build'
  | 'attach-partition'
  | 'default-partition'
  | 'domain-check'
  | 'dml'
  | 'rewrite'
  | 'query'
  | 'fk-recheck';

export interface Cause<C extends string> {
  readonly cause: C;
  /** Key of the relation (schema.name). */
  readonly relation: string;
  readonly detail: string;
}

export interface LockEntry {
  readonly key: string;
  mode: LockMode;
  readonly kind: RelationKind;
  readonly ownerKey: string | undefined;
  readonly ownerKind: RelationKind | undefined;
  reason: string | undefined;
  readonly isNew: boolean;
}

/** What the analyzer knows besides the statement: the schema so far and the server. */
export interface AnalyzerContext {
  readonly model: SchemaModel;
  /** Major version, e.g. 18. */
  readonly pgVersion: number;
  /** Session TimeZone has a zero UTC offset; undefined = unknown. */
  readonly utcSession: boolean | undefined;
  /** Live catalog's function volatility (pg_proc.provolatile), when connected. */
  readonly volatility?: ((name: string) => Volatility | undefined) | undefined;
}

export class Effects {
  readonly locks = new Map<string, LockEntry>();
  readonly rewrites: Cause<RewriteCause>[] = [];
  readonly scans: Cause<ScanCause>[] = [];
  readonly assumptions: string[] = [];
  transactional = true;
  /** Set when a statement's locks could not be worked out (DO blocks, unknown kinds). */
  opaque = false;
  /** Why the statement's locks cannot be predicted at all (the unknown-locks rule reports it). */
  unknownLocks: string | undefined;

  constructor(readonly ctx: AnalyzerContext) {}

  get model(): SchemaModel {
    return this.ctx.model;
  }

  /** Locks a relation by key; `kind` is used when the model does not know it. */
  lockKey(key: string, mode: LockMode, fallbackKind: RelationKind, reason?: string): void {
    const info = this.model.get(key);
    const existing = this.locks.get(key);
    if (existing) {
      existing.mode = stronger(existing.mode, mode);
      if (existing.reason !== undefined && reason === undefined) existing.reason = undefined;
      return;
    }
    const ownerKey = info?.index?.table;
    this.locks.set(key, {
      key,
      mode,
      kind: info?.kind ?? fallbackKind,
      ownerKey,
      ownerKind: ownerKey ? this.model.get(ownerKey)?.kind : undefined,
      reason,
      isNew: info?.isNew ?? false,
    });
  }

  lock(
    rel: RelName | RelationInfo | undefined,
    mode: LockMode,
    fallbackKind: RelationKind = 'table',
    reason?: string,
  ): void {
    if (!rel) return;
    this.lockKey('key' in rel ? rel.key : relationKey(rel), mode, fallbackKind, reason);
  }

  /** The table and every index on it, e.g. for a rewrite (indexes are rebuilt). */
  lockWithIndexes(
    rel: RelationInfo,
    mode: LockMode,
    reason?: string,
    indexReason = `index of ${displayName(rel.key)}`,
  ): void {
    this.lock(rel, mode, rel.kind, reason);
    for (const i of rel.indexes) this.lockKey(i, mode, 'index', indexReason);
  }

  rewrite(rel: RelationInfo | string, cause: RewriteCause, detail: string, rebuildsIndexes = true): void {
    const key = typeof rel === 'string' ? rel : rel.key;
    this.rewrites.push({ cause, relation: key, detail });
    this.scan(key, 'rewrite', detail);
    const info = this.model.get(key);
    // A rewrite rebuilds every index of the table under the same ACCESS EXCLUSIVE lock.
    if (info && rebuildsIndexes)
      for (const i of info.indexes)
        this.lockKey(i, 'AccessExclusiveLock', 'index', `index of ${displayName(key)} (rebuilt)`);
  }

  scan(rel: RelationInfo | string, cause: ScanCause, detail: string): void {
    const key = typeof rel === 'string' ? rel : rel.key;
    this.scans.push({ cause, relation: key, detail });
  }

  /** Takes in another node's effects (several statements in one); `locksOnly`: its locks, no scans or rewrites. */
  absorb(from: Effects, locksOnly = false): void {
    for (const [key, l] of from.locks) {
      const existing = this.locks.get(key);
      if (existing) existing.mode = stronger(existing.mode, l.mode);
      else this.locks.set(key, { ...l });
    }
    if (!locksOnly) {
      this.rewrites.push(...from.rewrites);
      this.scans.push(...from.scans);
    }
    for (const a of from.assumptions) this.assume(a);
    this.transactional &&= from.transactional;
    this.opaque ||= from.opaque;
    this.unknownLocks ??= from.unknownLocks;
  }

  /** The statement's locks cannot be predicted from its text: `why` says so, and what would show them. */
  unknown(why: string): void {
    this.opaque = true;
    this.unknownLocks = why;
    this.assume(why);
  }

  assume(text: string): void {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
  }

  /** True when the relation was created earlier in this revision (or is unknown and new). */
  isNew(key: string): boolean {
    return this.model.get(key)?.isNew ?? false;
  }
}
