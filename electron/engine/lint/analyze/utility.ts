// Utility statements with a lock model of their own: COPY, DECLARE CURSOR,
// ALTER ... DEPENDS ON EXTENSION, publications, and the options that keep ALTER DATABASE,
// DISCARD and CREATE SUBSCRIPTION out of a transaction block.
import type { Node } from 'libpg-query';
import { defElemFlag, nodeAs, nodesOf, relName } from '../parse.ts';
import { displayName } from '../schema/model.ts';
import type { RelationKind } from '../types.ts';
import type { Effects } from './effects.ts';
import { lockReads } from './queries.ts';

export const UTILITY_ANALYZERS: Readonly<Record<string, (fx: Effects, node: Node) => void>> = {
  CopyStmt: (fx, n) => {
    const c = nodeAs(n, 'CopyStmt') ?? {};
    if (c.query) {
      lockReads(fx, c.query);
      return;
    }
    const name = relName(c.relation);
    if (!name) return;
    const table = fx.model.resolve(name, 'table');
    const t = displayName(table.key);
    if (c.is_from) fx.lock(table, 'RowExclusiveLock', table.kind);
    else {
      fx.lock(table, 'AccessShareLock', table.kind);
      if (table.kind !== 'partitioned-table') fx.scan(table, 'query', `COPY ${t} TO reads every row`);
    }
  },
  DeclareCursorStmt: (fx, n) => {
    const query = nodeAs(n, 'DeclareCursorStmt')?.query;
    const forUpdate = (nodeAs(query, 'SelectStmt')?.lockingClause?.length ?? 0) > 0;
    // The locks are taken when the cursor is declared; its rows are read by FETCH.
    lockReads(fx, query, new Set(), forUpdate ? 'RowShareLock' : 'AccessShareLock');
  },
  AlterObjectDependsStmt: (fx, n) => {
    const d = nodeAs(n, 'AlterObjectDependsStmt') ?? {};
    const name = relName(d.relation);
    if (!name) return;
    const kinds: Partial<Record<string, RelationKind>> = { OBJECT_INDEX: 'index', OBJECT_MATVIEW: 'matview' };
    const kind = (d.objectType ? kinds[d.objectType] : undefined) ?? 'table';
    fx.lock(fx.model.resolve(name, kind), 'AccessExclusiveLock', kind);
  },
  CreatePublicationStmt: (fx, n) => publicationTables(fx, nodeAs(n, 'CreatePublicationStmt')?.pubobjects),
  AlterPublicationStmt: (fx, n) => publicationTables(fx, nodeAs(n, 'AlterPublicationStmt')?.pubobjects),
  AlterDatabaseStmt: (fx, n) => {
    // Moving a database copies its files: refused inside a transaction block.
    if (nodesOf(nodeAs(n, 'AlterDatabaseStmt')?.options, 'DefElem').some((d) => d.defname === 'tablespace'))
      fx.transactional = false;
  },
  DiscardStmt: (fx, n) => {
    if (nodeAs(n, 'DiscardStmt')?.target === 'DISCARD_ALL') fx.transactional = false;
  },
  CreateSubscriptionStmt: (fx, n) => {
    const options = nodeAs(n, 'CreateSubscriptionStmt')?.options;
    // create_slot defaults to connect, which defaults to true: making the slot cannot be undone.
    const connect = defElemFlag(options, 'connect', true);
    if (defElemFlag(options, 'create_slot', connect)) fx.transactional = false;
  },
};

function publicationTables(fx: Effects, objects: readonly Node[] | undefined): void {
  for (const o of nodesOf(objects, 'PublicationObjSpec')) {
    const name = relName(o.pubtable?.relation);
    if (name) fx.lock(fx.model.resolve(name, 'table'), 'ShareUpdateExclusiveLock', 'table');
    else if (o.pubobjtype === 'PUBLICATIONOBJ_TABLES_IN_SCHEMA')
      fx.assume(`TABLES IN SCHEMA ${o.name ?? ''}: each table of the schema is locked SHARE UPDATE EXCLUSIVE`);
  }
}
