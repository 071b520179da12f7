// A revision's footprint: the objects its upgrade creates, alters, drops or writes rows of,
// read from its statements (PostgreSQL: the real parser; SQLite: a reader on the lexer).
// What the merge analysis compares between branches (conflicts.ts).
import type { Footprint, Opaque, Touch, TouchAction } from '../../../shared/model/merge.ts';
import type { Dialect, Revision } from '../../../shared/model/revision.ts';
import { splitStatements } from '../sql/statements.ts';
import { loadParser } from '../lint/parse.ts';
import { pgStatementTouches } from './pg-footprint.ts';
import { sqliteStatementTouches } from './sqlite-footprint.ts';

/** Makes the PostgreSQL parser ready (once per process); SQLite needs nothing. */
export async function prepareFootprints(dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await loadParser();
}

/** The footprint of a revision's upgrade. For PostgreSQL, prepareFootprints must have resolved. */
export function footprintOf(revision: Revision, dialect: Dialect): Footprint {
  const read = dialect === 'postgres' ? pgStatementTouches : sqliteStatementTouches;
  const touches: Touch[] = [];
  const opaque: Opaque[] = [];
  for (const statement of splitStatements(revision.upgradeSql, revision.upgradeLine)) {
    const reading = read(statement.sql);
    if ('opaque' in reading) opaque.push({ line: statement.line, reason: reading.opaque });
    else for (const t of reading.touches) touches.push({ ...t, line: statement.line });
  }
  return { revision: revision.id, touches: settle(touches), opaque };
}

/**
 * What a revision leaves behind, not every step it takes: an object it creates and then
 * drops (the `new_t` of a SQLite table rebuild) was temporary and is left out, with its
 * members. An object it drops and creates again (a rebuilt table, a replaced view) keeps both
 * touches: to the other branch it was dropped, and anything that branch did to it is lost.
 */
function settle(touches: readonly Touch[]): Touch[] {
  const first = new Map<string, TouchAction>();
  const last = new Map<string, TouchAction>();
  for (const t of touches) {
    if (t.action !== 'create' && t.action !== 'drop') continue;
    const key = `${t.kind}:${t.name}`;
    if (!first.has(key)) first.set(key, t.action);
    last.set(key, t.action);
  }
  const temporary = new Set(
    [...first].filter(([key, action]) => action === 'create' && last.get(key) === 'drop').map(([key]) => key),
  );
  if (temporary.size === 0) return [...touches];
  return touches.filter(
    (t) => !temporary.has(`${t.kind}:${t.name}`) && !(t.table !== undefined && temporary.has(`table:${t.table}`)),
  );
}
