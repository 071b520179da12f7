// SQLite's table rebuild: create the new table under a temporary name, copy the rows, drop
// the old table, rename the new one into place, and create again its indexes and triggers
// (DROP TABLE took them). Views that read the table were dropped by the diff before and are
// created after (the rename checks every view).
//
// Foreign keys: Strata's SQLite connection runs with foreign_keys ON, and DROP TABLE then
// deletes the old table's rows first, which cascades into (or is refused by) the rows that
// reference them. PRAGMA foreign_keys cannot change inside a transaction, and PRAGMA
// defer_foreign_keys does not help: the cascade still fires, and the deferred violations
// are still there at COMMIT (the referencing rows point at a name that was dropped and
// re-created, which SQLite does not count back). So:
// - a table nothing references (itself included) is rebuilt inside the revision's
//   transaction: dropping it touches no other row;
// - a table something references makes the whole revision `transactional false`, with
//   PRAGMA foreign_keys = OFF before its first statement and ON after its last. It is then
//   not atomic: the runner records it as started, and a failure half way needs a person.
import type { Schema, Table } from '../../../../shared/model/schema.ts';
import { sameName } from '../apply.ts';
import { ownIndexes } from '../compare/tables.ts';
import type { Change } from '../operations.ts';
import type { Script } from './script.ts';
import { createTableSql, q } from './sqlite-ddl.ts';
import { createIndexSql, relationName } from './sql-text.ts';

export const FOREIGN_KEYS_OFF = 'PRAGMA foreign_keys = OFF';
export const FOREIGN_KEYS_ON = 'PRAGMA foreign_keys = ON';

function referencedBy(table: Table, state: Schema): string[] {
  return state.tables.filter((t) => t.foreignKeys.some((fk) => sameName(fk.references, table))).map((t) => t.name);
}

export function rebuildTable(
  before: Table,
  after: Table,
  state: Schema,
  run: readonly Change[],
  script: Script,
): string[] {
  const name = relationName(after, 'sqlite');
  const temp = q(`strata_new_${after.name}`);
  const kept = after.columns
    .filter((c) => !c.generated && before.columns.some((b) => b.name === c.name && !b.generated))
    .map((c) => q(c.name));
  const why = [...new Set(run.map((c) => c.kind))].join(', ');
  const referrers = referencedBy(before, state);
  if (referrers.length > 0) {
    script.outsideTransaction.push(
      `rebuilding ${after.name}, which ${referrers.join(', ')} reference${referrers.length === 1 ? 's' : ''}, ` +
        `needs PRAGMA foreign_keys = OFF, and that has no effect inside a transaction`,
    );
  }
  const own = ownIndexes(after);
  return [
    `-- Rebuild of ${after.name} (${why}): SQLite cannot ALTER this in place.\n${createTableSql(after, temp)}`,
    kept.length > 0 ? `INSERT INTO ${temp} (${kept.join(', ')}) SELECT ${kept.join(', ')} FROM ${name}` : null,
    `DROP TABLE ${name}`,
    `ALTER TABLE ${temp} RENAME TO ${q(after.name)}`,
    ...after.indexes.filter((i) => !own.has(i.name)).map((i) => createIndexSql(i, after, 'sqlite', false)),
    ...after.triggers.map((t) => t.definition),
  ].filter((s): s is string => s !== null);
}
