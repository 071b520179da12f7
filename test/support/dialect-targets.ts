// The databases the dialect conformance suite (electron/engine/dialects/conformance/) runs
// every case on: each dialect's ways of opening one. Keyed by dialect, so that a dialect added
// to `Dialect` fails to compile here until it has a target; and every case keeps its expected
// values in a Record<TargetName, …>, so that a new target fails to compile until each case
// says what it expects of it (as Kysely runs one suite over every dialect).
import { afterEach, describe } from 'vitest';
import type { Dialect } from '../../shared/model/revision.ts';
import type { Connection } from '../../electron/engine/dialects/dialect.ts';
import { connect, parseDatabaseUrl } from '../../electron/engine/dialects/registry.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from './databases.ts';

interface TargetSpec {
  /** A fresh, empty database. */
  create(): Promise<TestDatabase>;
}

const TARGETS = {
  sqlite: {
    'sqlite file': { create: async () => createSqliteDatabase() },
    // Every connection to ':memory:' is a database of its own: a second session never sees
    // the first one's tables or locks, which the cases' expected values say.
    'sqlite :memory:': { create: async () => ({ url: ':memory:', drop: async () => {} }) },
  },
  postgres: {
    // The embedded server the suite starts (test/support/global-postgres.ts): always, never skipped.
    'postgres (embedded)': { create: createPostgresDatabase },
  },
} satisfies Record<Dialect, Record<string, TargetSpec>>;

type Targets = typeof TARGETS;
export type TargetName = { [D in Dialect]: keyof Targets[D] & string }[Dialect];

export interface Target {
  readonly name: TargetName;
  readonly dialect: Dialect;
}

export const targets: readonly Target[] = (Object.keys(TARGETS) as Dialect[]).flatMap((dialect) =>
  Object.keys(TARGETS[dialect]).map((name) => ({ name: name as TargetName, dialect })),
);

function specOf(target: Target): TargetSpec {
  return (TARGETS[target.dialect] as Record<string, TargetSpec>)[target.name] as TargetSpec;
}

/** A fresh database of the target for one test, and connections to it; all closed and dropped after the test. */
export interface Fixture {
  readonly url: string;
  /** Another session on the test's database (for ':memory:', another database). */
  connect(): Promise<Connection>;
}

/** `cases(target, fixture)` once per target, each in a describe block named after it. */
export function describeTargets(title: string, cases: (target: Target, fixture: () => Promise<Fixture>) => void): void {
  for (const target of targets) {
    describe(`${title} on ${target.name}`, () => {
      const cleanups: (() => Promise<void>)[] = [];
      afterEach(async () => {
        // Connections first, newest first, then the database.
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
      });
      const fixture = async (): Promise<Fixture> => {
        const db = await specOf(target).create();
        cleanups.push(() => db.drop());
        return {
          url: db.url,
          async connect() {
            const conn = await connect(parseDatabaseUrl(db.url, '/'));
            cleanups.push(() => conn.close());
            return conn;
          },
        };
      };
      cases(target, fixture);
    });
  }
}
