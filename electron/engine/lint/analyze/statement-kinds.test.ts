// Every statement kind the parser knows has a lock model or an explicit "unknown" finding.
// The kinds are read from the parser's own type definitions (@pgsql/types, the node names of
// libpg-query's JSON), so a parser upgrade that adds one fails here until it is classified.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint, ruleIds } from '../../../../test/support/lint-helpers.ts';
import { loadParser } from '../parse.ts';
import { lockModelOf } from './statement.ts';
import { UNPREDICTABLE } from './statement-kinds.ts';

/** Node names ending in Stmt that never stand as a statement of their own. */
const NOT_TOP_LEVEL: Readonly<Record<string, string>> = {
  RawStmt: 'the wrapper around each statement',
  SetOperationStmt: 'the planned form of UNION / INTERSECT (parsed as SelectStmt)',
  ReturnStmt: 'the RETURN of a SQL-standard function body',
  PLAssignStmt: 'an assignment inside PL/pgSQL',
  ReplicaIdentityStmt: 'a clause of ALTER TABLE',
};

function parserStatementKinds(): string[] {
  const require = createRequire(import.meta.url);
  const types = readFileSync(
    require.resolve('@pgsql/types/types.d.ts', { paths: [require.resolve('libpg-query')] }),
    'utf8',
  );
  const union = types.slice(
    types.indexOf('export type Node = {'),
    types.indexOf('};', types.indexOf('export type Node = {')),
  );
  return [...union.matchAll(/^\s+(\w+Stmt):/gm)].map((m) => m[1] as string);
}

describe('statement kinds', () => {
  beforeAll(loadParser);

  it('the parser knows more than a hundred statement kinds', () => {
    expect(parserStatementKinds().length).toBeGreaterThan(100);
  });

  it('each has a lock model or an explicit "unknown" finding', () => {
    const missing = parserStatementKinds().filter((k) => !(k in NOT_TOP_LEVEL) && lockModelOf(k) === undefined);
    expect(missing).toEqual([]);
  });

  it('the unpredictable ones are reported, saying what a rehearsal would show', () => {
    const samples: Readonly<Record<string, string>> = {
      DoStmt: "DO $$ BEGIN EXECUTE 'ALTER TABLE child ADD COLUMN x int'; END $$;",
      CallStmt: 'CALL archive_orders();',
      ExecuteStmt: 'EXECUTE stmt1;',
      DropOwnedStmt: 'DROP OWNED BY old_role;',
      ReassignOwnedStmt: 'REASSIGN OWNED BY old_role TO new_role;',
      AlterTableMoveAllStmt: 'ALTER TABLE ALL IN TABLESPACE slow SET TABLESPACE fast;',
    };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(UNPREDICTABLE).sort());
    for (const [kind, sql] of Object.entries(samples)) {
      const statement = lint(sql).statements[0];
      expect(statement?.findings.find((f) => f.rule === 'unknown-locks')?.message, kind).toMatch(/rehearsal/);
    }
    expect(ruleIds(lint('ALTER TABLE child ADD COLUMN x int;'))).not.toContain('unknown-locks');
  });
});
