// The lexer places fix edits, so its token boundaries must be libpg-query's scanner's, to
// the character: on every statement of the sample projects, the honesty suite and the bench
// corpus, on hand-picked corners of scan.l, and on statements generated from SQL fragments.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLintCorpus } from '../../../bench/lint/corpus.ts';
import { statementSpans } from '../sql/statements.ts';
import { NON_TRANSACTIONAL_CASES, SETUP, TRANSACTIONAL_CASES } from '../../../test/support/lint-honesty/cases.ts';
import { lexTokens, LexError } from '../sql/lexer.ts';
import { loadParser, scanTokens } from './parse.ts';

type Boundaries = { readonly tokens: readonly [number, number][] } | { readonly error: true };

/** The real scanner's non-comment tokens, or that it refused the text. */
function scanned(sql: string): Boundaries {
  try {
    return {
      tokens: scanTokens(sql)
        .filter((t) => !t.comment)
        .map((t) => [t.start, t.end] as [number, number]),
    };
  } catch {
    return { error: true };
  }
}

function lexed(sql: string): Boundaries {
  try {
    return { tokens: lexTokens(sql).map((t) => [t.start, t.end] as [number, number]) };
  } catch (error) {
    if (!(error instanceof LexError)) throw error;
    return { error: true };
  }
}

function sqlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sqlFilesUnder(path) : name.endsWith('.sql') ? [path] : [];
  });
}

const CORNERS: readonly string[] = [
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
  "SELECT E'it\\'s', e'a\\\\', B'1010', X'ff', b'01''10', N'nat', " +
    "n'x', U&'d\\0061t' UESCAPE '!', U&\"d!0061t\" UESCAPE '!'",
  "SELECT 'a' \n 'b', 'c'   -- note\n  'd', 'e' 'f'",
  "SELECT 'a'\n-- only a comment\n'b', 'x' /* no */ \n'y'",
  "SELECT 'a'   \r\n\n  'b', E'\\''\n'c', X'1f'\n  'aa', B'1'\n'0'",
  'SELECT $$a$b$$, $tag$ $t$ $tag$, $a$$a$, $_1$x$_1$, $1 + $23, a$b$ FROM t',
  'SELECT $abc + 1',
  'SELECT "a""b", U&"x", "Größe" FROM "t""t"',
  'SELECT 1_000, 0x1F, 0X_ff, 0o17, 0b1_01, 1.5, .5, 1., 1e10, 1.5E-3, 2e+4, 1..10, 3.',
  'SELECT a::int, b := 1, c => 2, d <= e, f >= g, h <> i, j != k, l -> m, n ->> o, p @> q, r !~~* s',
  'SELECT 1+-2, 3*-4, a<-b, c@-d, e+/*x*/f, g--h\n, i-/**/j, k !- l, m ?-| n, o +- p',
  'SELECT a[1:2], b.c, (d), e;',
  'SELECT /* outer /* nested */ still comment */ 1',
  'SELECT café, größe_1, ünïcödé$ FROM tëst',
  'SELECT \\ FROM {x}',
];

describe('lexer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-lexer-'));
  beforeAll(loadParser);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const agree = (sql: string): void => expect(lexed(sql), JSON.stringify(sql)).toEqual(scanned(sql));

  it('matches the scanner on every statement of the sample projects and the bench corpus', () => {
    const corpus = writeLintCorpus(dir, 40);
    const files = [...sqlFilesUnder(join(__dirname, '..', '..', '..', 'migrations-sample')), ...corpus.files];
    let statements = 0;
    for (const file of files) {
      for (const s of statementSpans(readFileSync(file, 'utf8'))) {
        agree(s.sql);
        statements++;
      }
    }
    expect(statements).toBeGreaterThan(500);
  });

  it('matches the scanner on the honesty suite', () => {
    for (const sql of [...statementSpans(SETUP).map((s) => s.sql), ...TRANSACTIONAL_CASES, ...NON_TRANSACTIONAL_CASES])
      agree(sql);
  });

  it('matches the scanner on the corners of scan.l', () => {
    for (const sql of CORNERS) {
      // Each corner is a text the scanner takes: a typo here would make the test vacuous.
      expect(scanned(sql)).not.toHaveProperty('error');
      agree(sql);
    }
  });

  it('matches the scanner on statements generated from fragments', () => {
    const fragment = fc.constantFrom(
      ' ',
      '\n',
      '\t',
      '\r\n',
      '\f',
      '\v',
      '  ',
      'SELECT',
      'index',
      'Index',
      'e',
      'E',
      'b',
      'x',
      'n',
      'u',
      'U&',
      '&',
      '_',
      'a1',
      'größe',
      'é',
      "'",
      "''",
      "'a'",
      "E'\\''",
      '\\',
      '"',
      '""',
      '"q"',
      '$',
      '$$',
      '$t$',
      '$1',
      '12',
      '1_0',
      '0x',
      '0xF',
      '0b',
      '1.',
      '.',
      '..',
      '.5',
      'e5',
      'e-',
      '+',
      '-',
      '--',
      '*',
      '/',
      '/*',
      '*/',
      '<',
      '>',
      '=',
      '~',
      '!',
      '@',
      '#',
      '^',
      '|',
      '`',
      '?',
      '%',
      ':',
      '::',
      ':=',
      ';',
      ',',
      '(',
      ')',
      '[',
      ']',
      '{',
    );
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 14 }), (parts) => {
        const sql = parts.join('');
        const real = scanned(sql);
        // Where the scanner refuses a text (an unterminated literal…), no fix is ever placed in it.
        if ('error' in real) return;
        compared++;
        expect(lexed(sql), JSON.stringify(sql)).toEqual(real);
      }),
      { numRuns: 10_000, seed: 20261204 },
    );
    expect(compared).toBeGreaterThan(3000);
  });
});
