// A diff rendered as a revision's two sections: the upgrade (the operations in order) and the
// downgrade (their reverses, in reverse order), in the schemas' dialect. One revision has one
// `transactional` flag, so when either direction needs to run outside a transaction, both do.
import type { Schema } from '../../../shared/model/schema.ts';
import type { SchemaDiff } from './diff.ts';
import type { Change } from './operations.ts';
import { renderPostgres } from './render/postgres.ts';
import type { Script } from './render/script.ts';
import { renderSqlite } from './render/sqlite.ts';
import { FOREIGN_KEYS_OFF, FOREIGN_KEYS_ON } from './render/sqlite-rebuild.ts';

export interface RenderedMigration {
  readonly upgradeSql: string;
  readonly downgradeSql: string;
  readonly transactional: boolean;
  readonly warnings: readonly string[];
}

function renderScript(changes: readonly Change[], start: Schema): Script {
  if (start.dialect === 'postgres') return renderPostgres(changes, start);
  const script = renderSqlite(changes, start);
  // See render/sqlite-rebuild.ts: foreign keys are switched off around the whole script,
  // which then runs outside a transaction (the PRAGMA is a no-op inside one).
  if (script.outsideTransaction.length > 0) {
    script.statements.unshift(
      `-- PRAGMA foreign_keys cannot change inside a transaction: ` +
        `this revision runs outside one (transactional false).\n${FOREIGN_KEYS_OFF}`,
    );
    script.statements.push(FOREIGN_KEYS_ON);
  }
  return script;
}

export function toSql(statements: readonly string[]): string {
  return statements.length === 0 ? '' : `${statements.join(';\n')};\n`;
}

export function renderDiff(diff: SchemaDiff, from: Schema, to: Schema): RenderedMigration {
  const up = renderScript(
    diff.operations.map((o) => o.change),
    from,
  );
  const down = renderScript(
    [...diff.operations].reverse().map((o) => o.reverse),
    to,
  );
  const outside = [...new Set([...up.outsideTransaction, ...down.outsideTransaction])];
  const warnings: string[] = [];
  for (const o of diff.operations) if (o.destructive) warnings.push(`destructive: ${o.kind} ${o.object} loses data`);
  for (const c of diff.renameCandidates) {
    const what = c.kind === 'table' ? `table ${c.from} → ${c.to}` : `column ${c.table}.${c.from} → ${c.to}`;
    const flag = c.kind === 'table' ? `--rename-table ${c.from}=${c.to}` : `--rename ${c.table}.${c.from}=${c.to}`;
    warnings.push(
      `rename candidate: ${what} is written as a drop and an add (the data of ${c.from} is lost); ` +
        `to rename instead: ${flag}`,
    );
  }
  for (const e of from.extensions) {
    const declared = to.extensions.find((x) => x.name === e.name);
    if (!declared)
      warnings.push(`extension ${e.name} is installed but not declared: left alone (drop it by hand if meant)`);
    else if (declared.schema !== e.schema)
      warnings.push(
        `extension ${e.name} is in schema ${e.schema}, declared in ${declared.schema}: left alone ` +
          `(ALTER EXTENSION ${e.name} SET SCHEMA ${declared.schema} by hand if meant)`,
      );
  }
  for (const reason of outside) warnings.push(`transactional false: ${reason}`);
  warnings.push(...up.notes, ...down.notes);
  return {
    upgradeSql: toSql(up.statements),
    downgradeSql: toSql(down.statements),
    transactional: outside.length === 0,
    warnings,
  };
}
