// The shadow check: apply branch A then B, and B then A, each on a throwaway database that
// first gets everything both branches start from; then compare the schemas. What decides
// when a footprint cannot (a DO block, dynamic SQL). SQLite: two in-memory databases.
// PostgreSQL: two fresh databases on a server the caller names, dropped afterwards.
import { randomBytes } from 'node:crypto';
import type { CommuteCheck } from '../../../shared/model/merge.ts';
import type { Revision } from '../../../shared/model/revision.ts';
import type { Connection } from '../dialects/dialect.ts';
import { openSession } from '../dialects/postgres/sessions.ts';
import { connect } from '../dialects/registry.ts';
import { isTransactionControl, splitStatements } from '../sql/statements.ts';
import { firstDifference, snapshotSchema, type SchemaSnapshot } from './schema-snapshot.ts';

/** Where shadow databases can be made: SQLite needs nothing; PostgreSQL a server (a URL to any database on it). */
export type ShadowServer = { readonly dialect: 'sqlite' } | { readonly dialect: 'postgres'; readonly url: string };

export interface CommuteInput {
  /** What both branches start from, parents first. */
  readonly base: readonly Revision[];
  readonly a: { readonly name: string; readonly revisions: readonly Revision[] };
  readonly b: { readonly name: string; readonly revisions: readonly Revision[] };
}

type OrderResult =
  { readonly ok: true; readonly schema: SchemaSnapshot } | { readonly ok: false; readonly failure: string };

export async function checkCommutes(server: ShadowServer, input: CommuteInput): Promise<CommuteCheck> {
  const ab = `${input.a.name} then ${input.b.name}`;
  const ba = `${input.b.name} then ${input.a.name}`;
  const [first, second] = await withShadows(server, async ([x, y]) => [
    await applyInOrder(x, [...input.base, ...input.a.revisions, ...input.b.revisions], input.base.length),
    await applyInOrder(y, [...input.base, ...input.b.revisions, ...input.a.revisions], input.base.length),
  ]);
  if (!first.ok || !second.ok) {
    const failures = [
      first.ok ? undefined : `${ab}: ${first.failure}`,
      second.ok ? undefined : `${ba}: ${second.failure}`,
    ].filter((f) => f !== undefined);
    return { outcome: 'failed', detail: failures.join('; ') };
  }
  const difference = firstDifference(first.schema, second.schema, [ab, ba]);
  return difference === undefined
    ? { outcome: 'same', detail: `${ab} and ${ba} give the same schema` }
    : { outcome: 'different', detail: difference };
}

async function applyInOrder(conn: Connection, revisions: readonly Revision[], baseCount: number): Promise<OrderResult> {
  for (const [k, revision] of revisions.entries()) {
    for (const statement of splitStatements(revision.upgradeSql, revision.upgradeLine)) {
      if (isTransactionControl(statement.sql)) continue;
      try {
        await conn.execute(statement.sql);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        // A failure before the branches start says nothing about them: the base itself does not apply here.
        if (k < baseCount)
          throw new Error(
            `the shared history does not apply on a shadow database: ${revision.file}:${statement.line}: ${why}`,
            { cause: error },
          );
        return { ok: false, failure: `${revision.file}:${statement.line} fails: ${why}` };
      }
    }
  }
  return { ok: true, schema: await snapshotSchema(conn) };
}

async function withShadows<T>(
  server: ShadowServer,
  work: (conns: readonly [Connection, Connection]) => Promise<T>,
): Promise<T> {
  if (server.dialect === 'sqlite') {
    const x = await connect({ dialect: 'sqlite', path: ':memory:' });
    const y = await connect({ dialect: 'sqlite', path: ':memory:' });
    try {
      return await work([x, y]);
    } finally {
      await x.close();
      await y.close();
    }
  }
  const admin = await openSession(server.url, { application: 'strata-shadow' });
  const names = [0, 1].map(() => `strata_shadow_${randomBytes(6).toString('hex')}`);
  const opened: Connection[] = [];
  try {
    for (const name of names) {
      await admin.query(`CREATE DATABASE ${name}`);
      opened.push(await connect({ dialect: 'postgres', url: databaseUrl(server.url, name) }));
    }
    return await work(opened as [Connection, Connection]);
  } finally {
    for (const conn of opened) await conn.close();
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.close();
  }
}

/** The server's URL, pointing at another database. */
function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
