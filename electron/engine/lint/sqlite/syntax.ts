// SQLite's own parser decides what is a syntax error in a SQLite revision (PostgreSQL's parser,
// which the rules read, refuses much valid SQLite). Each statement is prepared in a scratch
// in-memory database; statements that change the schema are run there too, so that later ones
// are prepared against the tables the file built. Only a syntax error is reported: a table
// the scratch database lacks (one made by an earlier revision) is not this file's mistake.
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

/** Loaded at first use: a PostgreSQL lint never loads the driver (test/boundaries.test.ts). */
let sqlite: typeof Database | undefined;

/** SQLite's messages for text it cannot parse (sqlite3.c: "near \"%T\": syntax error"…). */
const SYNTAX = /syntax error|incomplete input|unrecognized token/;

/** Parser node kinds whose statements are replayed on the scratch database. */
const SCHEMA_KINDS: ReadonlySet<string> = new Set([
  'CreateStmt',
  'AlterTableStmt',
  'DropStmt',
  'IndexStmt',
  'ViewStmt',
  'CreateTrigStmt',
  'RenameStmt',
]);

export class SqliteScratch {
  private readonly db: Database.Database;

  constructor() {
    sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    this.db = new sqlite(':memory:');
  }

  /** SQLite's syntax error for one statement, or undefined; `kind` is PostgreSQL's parse of it, when it had one. */
  syntaxError(sql: string, kind: string | undefined): string | undefined {
    let statement: Database.Statement;
    try {
      statement = this.db.prepare(sql);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return SYNTAX.test(message) ? message : undefined;
    }
    if (kind !== undefined && SCHEMA_KINDS.has(kind)) {
      try {
        statement.run();
      } catch {
        // A failure to run (a duplicate name…) is not a syntax error.
      }
    }
    return undefined;
  }

  close(): void {
    this.db.close();
  }
}
