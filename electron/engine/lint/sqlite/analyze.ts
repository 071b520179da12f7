// SQLite has no table-level locks to preview: a writing statement takes the database's
// single write lock until its transaction ends (readers go on in WAL mode). What matters on
// SQLite is what ALTER TABLE can do in place and what needs a full table rebuild.
import type { Node } from 'libpg-query';
import type { Effects } from '../analyze/effects.ts';
import { nodeAs, nodeKind, relName } from '../parse.ts';
import type { StatementAnalysis } from '../rule.ts';
import { relationKey } from '../schema/model.ts';

const READ_ONLY: ReadonlySet<string> = new Set(['SelectStmt', 'ExplainStmt', 'VariableShowStmt']);

export function analyzeSqlite(nodes: readonly Node[], fx: Effects): StatementAnalysis {
  const node = nodes[0];
  const kind = node ? nodeKind(node) : '';
  let rewrites = false;
  let scans = false;
  let transactional = true;
  if (kind === 'AlterTableStmt') {
    const alter = nodeAs(node, 'AlterTableStmt');
    const table = relName(alter?.relation);
    // DROP COLUMN (3.35+) rewrites every row of the table to remove the column's values.
    const drops = (alter?.cmds ?? []).some((c) => nodeAs(c, 'AlterTableCmd')?.subtype === 'AT_DropColumn');
    if (drops && table) {
      rewrites = fx.model.get(relationKey(table))?.isNew !== true;
      scans = rewrites;
    }
  }
  if (kind === 'IndexStmt') scans = true;
  if (kind === 'VacuumStmt') {
    // VACUUM rebuilds the whole database file and cannot run inside a transaction.
    transactional = false;
    rewrites = true;
  }
  if (node && !READ_ONLY.has(kind))
    fx.assume(
      'SQLite: a writing statement holds the database write lock ' +
        'until its transaction commits (readers go on in WAL mode)',
    );
  return {
    locks: [],
    rewrites,
    scans,
    blocksReads: false,
    blocksWrites: node !== undefined && !READ_ONLY.has(kind),
    transactional,
  };
}
