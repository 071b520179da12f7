// ALTER TABLE ... ADD / DROP / VALIDATE CONSTRAINT. The NOT VALID flag is what decides
// whether the table is scanned while the lock is held; a foreign key also locks the table
// it references, SHARE ROW EXCLUSIVE when added, ACCESS EXCLUSIVE when dropped.
import type { Constraint } from 'libpg-query';
import { nameList, relName } from '../parse.ts';
import { displayName, type RelationInfo } from '../schema/model.ts';
import type { Effects } from './effects.ts';
import { storageOf } from './columns.ts';

export function constraintColumns(c: Constraint): string[] {
  if (c.contype === 'CONSTR_FOREIGN') return nameList(c.fk_attrs);
  return nameList(c.keys);
}

export function addConstraint(fx: Effects, table: RelationInfo, c: Constraint, recurse: boolean): void {
  const t = displayName(table.key);
  const leaves = storageOf(fx, table, recurse);
  const named = c.conname ? ` ${c.conname}` : '';
  switch (c.contype) {
    case 'CONSTR_CHECK':
      if (!c.skip_validation)
        for (const leaf of leaves)
          fx.scan(
            leaf,
            'check',
            `CHECK${named} is verified against every row of ${displayName(leaf.key)} under ACCESS EXCLUSIVE`,
          );
      break;
    case 'CONSTR_FOREIGN': {
      const parentName = relName(c.pktable);
      if (!parentName) break;
      const parent = fx.model.resolve(parentName, 'table');
      // SHARE ROW EXCLUSIVE on both sides (since 9.5; ACCESS EXCLUSIVE before).
      const mode = fx.ctx.pgVersion >= 9.5 ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock';
      fx.lock(parent, mode, parent.kind, `referenced by the new foreign key${named} on ${t}`);
      for (const leaf of leaves) fx.lock(leaf, mode, leaf.kind);
      if (!c.skip_validation) {
        for (const leaf of leaves)
          fx.scan(
            leaf,
            'foreign-key',
            `foreign key${named} is validated against every row of ${displayName(leaf.key)}`,
          );
        fx.scan(parent, 'foreign-key', `${displayName(parent.key)} is read to validate${named}`);
      }
      break;
    }
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': {
      const what = c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
      const columns = constraintColumns(c);
      if (c.indexname) {
        // USING INDEX: the index exists already; it is only renamed and attached.
        fx.lock(
          { schema: table.schema, name: c.indexname },
          'ShareUpdateExclusiveLock',
          'index',
          `becomes the ${what} index`,
        );
      } else {
        for (const leaf of leaves)
          fx.scan(leaf, 'index-build', `the ${what} index${named} is built under ACCESS EXCLUSIVE`);
      }
      if (c.contype === 'CONSTR_PRIMARY') {
        const index = c.indexname ? fx.model.find({ schema: table.schema, name: c.indexname }) : undefined;
        const keys = columns.length > 0 ? columns : [...(index?.index?.columns ?? [])];
        for (const leaf of leaves) {
          const nullable =
            keys.length === 0
              ? !table.columnsKnown
              : keys.some((k) => !(leaf.columns.get(k) ?? table.columns.get(k))?.notNull);
          if (nullable)
            fx.scan(
              leaf,
              'not-null',
              `PRIMARY KEY makes ${keys.join(', ') || 'its columns'} NOT NULL, checked against every row`,
            );
        }
      }
      break;
    }
    case 'CONSTR_EXCLUSION':
      for (const leaf of leaves)
        fx.scan(leaf, 'index-build', `the exclusion constraint${named} builds its index under ACCESS EXCLUSIVE`);
      break;
    case 'CONSTR_NOTNULL': {
      const column = constraintColumns(c)[0] ?? '?';
      if (c.skip_validation) break;
      for (const leaf of leaves) {
        if ((leaf.columns.get(column) ?? table.columns.get(column))?.notNull) continue;
        fx.scan(leaf, 'not-null', `NOT NULL${named} on ${t}.${column} reads every row under ACCESS EXCLUSIVE`);
      }
      break;
    }
    default:
      break;
  }
}

export function dropConstraint(
  fx: Effects,
  table: RelationInfo,
  name: string,
  cascade: boolean,
  recurse: boolean,
): void {
  const t = displayName(table.key);
  const tables = recurse ? [table, ...fx.model.partitionsOf(table.key)] : [table];
  for (const tb of tables) fx.lock(tb, 'AccessExclusiveLock', tb.kind);
  const c = table.constraints.get(name);
  if (!c) {
    if (table.columnsKnown)
      fx.assume(
        `constraint ${name} is not in the known schema of ${t}: if it is a foreign key, ` +
          `the table it references is locked ACCESS EXCLUSIVE too`,
      );
    else
      fx.assume(
        `schema of ${t} unknown: if ${name} is a foreign key, the table it references is locked ACCESS EXCLUSIVE too`,
      );
    return;
  }
  if (c.kind === 'foreign-key' && c.references)
    fx.lockKey(c.references, 'AccessExclusiveLock', 'table', `referenced by the dropped foreign key ${name}`);
  if (c.index) fx.lockKey(c.index, 'AccessExclusiveLock', 'index', `index of ${name}, dropped with it`);
  if (cascade && (c.kind === 'primary-key' || c.kind === 'unique')) {
    for (const { table: other, constraint } of fx.model.referencingConstraints(table.key)) {
      if (other.key === table.key) continue;
      if ((constraint.refColumns ?? []).join(',') === c.columns.join(','))
        fx.lock(
          other,
          'AccessExclusiveLock',
          other.kind,
          `its foreign key ${constraint.name} depends on ${name} and is dropped (CASCADE)`,
        );
    }
  }
}

export function validateConstraint(fx: Effects, table: RelationInfo, name: string, recurse: boolean): void {
  const t = displayName(table.key);
  const c = table.constraints.get(name);
  if (c?.validated) return; // already valid: a no-op under SHARE UPDATE EXCLUSIVE
  const leaves = storageOf(fx, table, recurse);
  for (const leaf of leaves)
    fx.scan(
      leaf,
      c?.kind === 'foreign-key' ? 'foreign-key' : c?.kind === 'not-null' ? 'not-null' : 'check',
      `VALIDATE ${name} reads every row of ${displayName(leaf.key)} (SHARE UPDATE EXCLUSIVE: reads and writes go on)`,
    );
  if (!c) {
    fx.assume(
      `constraint ${name} is not in the known schema of ${t}: ` +
        `if it is a foreign key, the table it references also gets ROW SHARE`,
    );
    return;
  }
  if (c.kind === 'foreign-key' && c.references) {
    fx.lockKey(c.references, 'RowShareLock', 'table', `read to validate ${name}`);
    fx.scan(c.references, 'foreign-key', `${displayName(c.references)} is read to validate ${name}`);
  }
}
