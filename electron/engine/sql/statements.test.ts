// What hides a semicolon from the splitter, the line each statement starts on, and the offset
// lint turns into fix positions.
import { describe, expect, it } from 'vitest';
import { splitStatements, statementSpans } from './statements.ts';

const sqls = (sql: string): string[] => splitStatements(sql).map((s) => s.sql);

describe('splitStatements', () => {
  it('splits at top-level semicolons, trims, drops empty statements, counts lines', () => {
    expect(splitStatements('SELECT 1;\n\n  SELECT 2 ;;\nSELECT\n3', 5)).toEqual([
      { sql: 'SELECT 1', line: 5 },
      { sql: 'SELECT 2', line: 7 },
      { sql: 'SELECT\n3', line: 8 },
    ]);
  });

  it(
    'skips semicolons in strings, quoted names, comments and dollar quotes; ' +
      'comments before a statement are not part of it',
    () => {
      expect(
        sqls(
          `SELECT 'a;b', "c;d", \`e;f\`; -- g;h\n` +
            `SELECT /* i; /* nested; */ j; */ 2; SELECT $$k;l$$, $tag$m;$$;n$tag$; SELECT 3`,
        ),
      ).toEqual([
        `SELECT 'a;b', "c;d", \`e;f\``,
        'SELECT /* i; /* nested; */ j; */ 2',
        'SELECT $$k;l$$, $tag$m;$$;n$tag$',
        'SELECT 3',
      ]);
    },
  );

  it("honours backslashes only in E'' strings, and '' everywhere", () => {
    expect(sqls("SELECT E'a\\';b'; SELECT 'c\\'; SELECT 'd'';e'; SELECT 4")).toEqual([
      "SELECT E'a\\';b'",
      "SELECT 'c\\'",
      "SELECT 'd'';e'",
      'SELECT 4',
    ]);
    // `xe'...'` is a word followed by a plain string, in which a backslash escapes nothing.
    expect(sqls("SELECT xe'f\\'; SELECT 5")).toEqual(["SELECT xe'f\\'", 'SELECT 5']);
  });

  it('keeps trigger and BEGIN ATOMIC bodies (with CASE ... END inside) whole', () => {
    const trigger =
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET c = CASE WHEN 1 THEN 2 END; DELETE FROM d; END';
    const atomic = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END';
    expect(sqls(`${trigger};\n${atomic};\nBEGIN;\nSELECT 1;`)).toEqual([trigger, atomic, 'BEGIN', 'SELECT 1']);
  });

  it('does not take $1 or a word ending in $ for a dollar quote', () => {
    expect(sqls('SELECT $1; SELECT a$b$; SELECT 2')).toEqual(['SELECT $1', 'SELECT a$b$', 'SELECT 2']);
  });

  it("counts lines inside comments, strings and dollar quotes for the next statement's line", () => {
    expect(splitStatements("/* a\nb */ SELECT 'c\nd';\nSELECT $$e\nf$$;\nSELECT 1").map((s) => s.line)).toEqual([
      2, 4, 6,
    ]);
  });
});

describe('statementSpans', () => {
  it('gives the offset of each statement in the text, past white space trim() drops', () => {
    const text = '\uFEFFSELECT 1;\n  -- c\n  SELECT 2';
    expect(statementSpans(text).map((s) => [s.sql, s.start, text.startsWith(s.sql, s.start)])).toEqual([
      ['SELECT 1', 1, true],
      ['SELECT 2', 20, true],
    ]);
  });
});
