// Tokens scanned a prefix at a time must be the whole statement's tokens, whichever token a
// fix asks for first: prefixes that end inside strings, comments, dollar quotes and string
// literals continued on the next line included.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, scanTokens } from './parse.ts';
import { StatementTokens } from './statement-tokens.ts';

const STATEMENTS: readonly string[] = [
  'CREATE UNIQUE INDEX orders_status_1_key ON orders (status_1, created_at)',
  'ALTER TABLE orders ADD CONSTRAINT orders_payment_1_fk FOREIGN KEY (payment_1_id) REFERENCES payment_1s (id)',
  "ALTER TABLE t ADD CONSTRAINT c CHECK (note <> 'a long string literal with spaces ; and CHECK inside' AND n > 0)",
  "SELECT 'first half of a string'  \n  'continued on the next line' AS s, 1 FROM t WHERE a = 1",
  'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 ; SELECT CONCURRENTLY $body$',
  'CREATE INDEX /* a comment with INDEX in it that is long enough */ i ON t (a) -- trailing comment',
  'CREATE INDEX "an index name with spaces, quoted, and long" ON "a table" ("a column")',
  "UPDATE t SET note = E'escaped \\' quote and more words' WHERE id = 1",
  "ALTER TABLE café ADD COLUMN größe text DEFAULT 'ünïcödé text with spaces' NOT NULL",
  'VACUUM (FULL, ANALYZE, VERBOSE) a_table_with_a_very_long_name_indeed, another_one',
  'SELECT 1',
];

describe('statement tokens', () => {
  beforeAll(loadParser);

  for (const sql of STATEMENTS) {
    it(`match the whole scan, asked in any order: ${sql.slice(0, 40)}`, () => {
      const whole = scanTokens(sql).filter((t) => !t.comment);
      for (let first = 0; first <= whole.length; first++) {
        const tokens = new StatementTokens(sql);
        expect(tokens.at(first)).toEqual(whole[first]);
        for (let i = 0; i <= whole.length; i++) expect(tokens.at(i)).toEqual(whole[i]);
        expect(tokens.all()).toEqual(whole);
      }
    });
  }
});
