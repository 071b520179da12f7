// One parser call per section must give each statement the AST its own text gives (lint reads
// no `location`), and a syntax error must still be reported on the statement that has it.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseStatement, type ParsedStatement } from './parse.ts';
import { parseSection } from './parse-section.ts';
import { sectionStatements } from '../sql/source.ts';
import { lint } from '../../../test/support/lint-helpers.ts';

/** The parse results without the `location` fields, which count from a different start. */
function withoutLocations(parsed: readonly ParsedStatement[]): unknown {
  return JSON.parse(JSON.stringify(parsed, (key, value: unknown) => (key === 'location' ? undefined : value)));
}

function bothWays(text: string): { section: unknown; single: unknown } {
  const statements = sectionStatements({ text, firstLine: 1 });
  return {
    section: withoutLocations(parseSection(text, statements)),
    single: withoutLocations(statements.map((s) => parseStatement(s.sql))),
  };
}

const SECTIONS: readonly string[] = [
  'CREATE TABLE a (id int PRIMARY KEY);\nCREATE INDEX a_i ON a (id);\nALTER TABLE a ADD COLUMN b text DEFAULT now();',
  "-- comments and blanks between\n\n/* block */ SELECT 1 -- trailing\n;\n;;\n  SELECT 'x;y' ; SELECT $$a;b$$",
  "INSERT INTO café (größe) VALUES ('ünï;cödé');\nUPDATE café SET größe = 'é' WHERE id = 1;\nSELECT 1",
  'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELECT f();',
  // The splitter cuts a rule body at its `;`: the parser would not, so each part is parsed alone.
  'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));\nSELECT 1;',
  'SELECT 1;\nSELEC 2;\nSELECT 3;',
];

describe('parseSection', () => {
  beforeAll(loadParser);

  for (const text of SECTIONS) {
    it(`matches one parse per statement: ${text.slice(0, 40).replace(/\n/g, ' ')}`, () => {
      const { section, single } = bothWays(text);
      expect(section).toEqual(single);
    });
  }

  it('parses a clean section in one call (locations then count from the section start)', () => {
    const text = SECTIONS[0] as string;
    const statements = sectionStatements({ text, firstLine: 1 });
    const last = parseSection(text, statements)[2];
    const locations: number[] = [];
    JSON.stringify(last, (key, value: unknown) =>
      key === 'location' && typeof value === 'number' ? (locations.push(value), value) : value,
    );
    expect(Math.min(...locations)).toBeGreaterThanOrEqual(statements[2]?.start ?? Infinity);
  });

  it('reports a syntax error on its own statement; the others are analyzed', () => {
    const report = lint(
      'ALTER TABLE child ADD COLUMN x int;\nALTER TABLE child ADD COLUMN;\nCREATE INDEX i ON child (note);',
    );
    expect(report.statements.map((s) => s.kind)).toEqual(['ALTER TABLE', 'UNPARSED', 'CREATE INDEX']);
    expect(report.statements.map((s) => s.findings.some((f) => f.rule === 'syntax-error'))).toEqual([
      false,
      true,
      false,
    ]);
    expect(report.statements[2]?.findings.map((f) => f.rule)).toContain('require-concurrent-index-creation');
  });
});
