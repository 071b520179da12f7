// Every fix: apply its edits (and header change) to the file, lint again, and the finding is
// gone with no new rule firing. Revision files and bare files both.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRevisionFile } from '../project/revision-file.ts';
import { applyFix, applyFixes } from './fixes.ts';
import type { LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import { allFindings, lint, revisionText, ruleIds } from '../../../test/support/lint-helpers.ts';

interface FixCase {
  readonly rule: string;
  readonly sql: string;
  readonly options?: LintOptions;
  /** Expected text somewhere in the fixed file. */
  readonly contains: readonly string[];
}

const LT = "SET lock_timeout = '2s';\n";

const CASES: readonly FixCase[] = [
  {
    rule: 'require-concurrent-index-creation',
    sql: `${LT}CREATE INDEX child_note_idx ON child (note);`,
    contains: ['CREATE INDEX CONCURRENTLY child_note_idx'],
  },
  {
    rule: 'require-concurrent-index-creation',
    sql: `${LT}CREATE UNIQUE INDEX IF NOT EXISTS child_n_key ON child (n);`,
    contains: ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS'],
  },
  {
    rule: 'require-concurrent-index-deletion',
    sql: `${LT}DROP INDEX IF EXISTS child_email_idx;`,
    contains: ['DROP INDEX CONCURRENTLY IF EXISTS child_email_idx'],
  },
  {
    rule: 'concurrently-in-transaction',
    sql: 'CREATE INDEX CONCURRENTLY child_note_idx ON child (note);',
    contains: ['CREATE INDEX CONCURRENTLY'],
  },
  {
    rule: 'constraint-missing-not-valid',
    sql: `${LT}ALTER TABLE child ADD CHECK (n > 0);`,
    contains: [
      'ADD CONSTRAINT child_n_check1 CHECK (n > 0) NOT VALID;',
      'ALTER TABLE child VALIDATE CONSTRAINT child_n_check1;',
    ],
  },
  {
    rule: 'constraint-missing-not-valid',
    sql:
      `${LT}ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) ` +
      `REFERENCES parent (id) ON DELETE CASCADE -- the owner\n;`,
    contains: ['ON DELETE CASCADE NOT VALID -- the owner', 'VALIDATE CONSTRAINT child_parent_fk;'],
  },
  {
    rule: 'constraint-missing-not-valid',
    sql: `${LT}ALTER TABLE child ADD FOREIGN KEY (n) REFERENCES items (id)`,
    contains: [
      'ADD CONSTRAINT child_n_fkey FOREIGN KEY',
      'NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT child_n_fkey',
    ],
  },
  {
    rule: 'set-not-null-scan',
    sql: `${LT}ALTER TABLE child ALTER COLUMN email SET NOT NULL;`,
    contains: [
      'ADD CONSTRAINT child_email_not_null NOT NULL email NOT VALID;',
      'VALIDATE CONSTRAINT child_email_not_null;',
    ],
  },
  {
    rule: 'set-not-null-scan',
    sql: `${LT}ALTER TABLE child ALTER COLUMN email SET NOT NULL;`,
    options: { pgVersion: 15 },
    contains: [
      'CHECK (email IS NOT NULL) NOT VALID;',
      'ALTER COLUMN email SET NOT NULL;',
      'DROP CONSTRAINT child_email_check;',
    ],
  },
  {
    rule: 'require-lock-timeout',
    sql: '-- add a column\nALTER TABLE child ADD COLUMN x integer;',
    contains: ["SET lock_timeout = '5s';\n-- add a column"],
  },
  {
    rule: 'foreign-key-locks-parent',
    sql: 'CREATE TABLE t2 (id int REFERENCES parent (id));',
    contains: ["SET lock_timeout = '5s';"],
  },
  {
    rule: 'reindex-non-concurrent',
    sql: `${LT}REINDEX (VERBOSE) TABLE child;`,
    contains: ['REINDEX (VERBOSE) TABLE CONCURRENTLY child'],
  },
  {
    rule: 'reindex-non-concurrent',
    sql: `${LT}REINDEX INDEX child_email_idx;`,
    contains: ['REINDEX INDEX CONCURRENTLY child_email_idx'],
  },
  {
    rule: 'detach-partition-non-concurrent',
    sql: `${LT}ALTER TABLE events DETACH PARTITION events_2025;`,
    contains: ['DETACH PARTITION events_2025 CONCURRENTLY'],
  },
  {
    rule: 'refresh-matview-non-concurrent',
    sql: `${LT}REFRESH MATERIALIZED VIEW parent_stats;`,
    contains: ['REFRESH MATERIALIZED VIEW CONCURRENTLY parent_stats'],
  },
  {
    rule: 'unique-constraint-without-index',
    sql: `${LT}ALTER TABLE child ADD CONSTRAINT child_n_uq UNIQUE (n);`,
    contains: [
      'CREATE UNIQUE INDEX CONCURRENTLY child_n_uq ON child (n);',
      'ADD CONSTRAINT child_n_uq UNIQUE USING INDEX child_n_uq',
    ],
  },
  {
    rule: 'validate-in-same-transaction',
    sql: `${LT}ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT c;`,
    contains: ['VALIDATE CONSTRAINT c;'],
  },
  {
    rule: 'enum-add-value-in-transaction',
    sql: "ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok';",
    options: { pgVersion: 11 },
    contains: ["ADD VALUE 'meh'"],
  },
];

describe('fixes', () => {
  beforeAll(loadParser);

  for (const c of CASES) {
    for (const shape of ['revision', 'bare file'] as const) {
      it(`${c.rule} (${shape}): ${c.sql.split('\n').pop()}`, () => {
        const text = shape === 'revision' ? revisionText(c.sql) : `${c.sql}\n`;
        const before = lint(text, c.options);
        const finding = allFindings(before).find((f) => f.rule === c.rule && f.fix);
        expect(finding?.fix, `no fix offered for ${c.rule}`).toBeDefined();
        const fixed = applyFix(text, finding!.fix!);
        for (const s of c.contains) expect(fixed).toContain(s);
        const after = lint(fixed, c.options);
        const beforeIds = ruleIds(before).filter((r) => r !== c.rule);
        expect(ruleIds(after).filter((r) => !beforeIds.includes(r))).toEqual([]);
        if (finding?.fix?.header) {
          if (shape === 'revision') {
            const parsed = parseRevisionFile(fixed, 'fixed.sql');
            expect(parsed.ok && parsed.file.data.transactional).toBe(false);
          } else expect(fixed.startsWith('-- strata:transactional false\n')).toBe(true);
        }
      });
    }
  }

  it('a fixed revision keeps the rest of its bytes', () => {
    const text = revisionText(`${LT}CREATE INDEX child_note_idx ON child (note);`);
    const finding = allFindings(lint(text)).find((f) => f.rule === 'require-concurrent-index-creation');
    const fixed = applyFix(text, finding!.fix!);
    expect(fixed.replace('-- strata:transactional false\n', '').replace(' CONCURRENTLY', '')).toBe(text);
  });

  it('applies every fix of a file at once and leaves nothing fixable', () => {
    const text = revisionText(
      'CREATE INDEX child_note_idx ON child (note);\nALTER TABLE child ADD CONSTRAINT c CHECK (n > 0);\n' +
        'DROP INDEX child_email_idx;\nREINDEX INDEX child_pkey;',
    );
    const before = allFindings(lint(text));
    const fixed = applyFixes(
      text,
      before.flatMap((f) => (f.fix ? [f.fix] : [])),
    );
    const after = allFindings(lint(fixed));
    expect(after.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual([]);
  });

  it('edits are 1-based line/column ranges in the file', () => {
    const text = revisionText(`${LT}CREATE INDEX child_note_idx ON child (note);`);
    const finding = allFindings(lint(text)).find((f) => f.rule === 'require-concurrent-index-creation');
    const edit = finding?.fix?.edits[0];
    const line = text.split('\n').findIndex((l) => l.startsWith('CREATE INDEX')) + 1;
    expect(edit).toEqual({ startLine: line, startColumn: 13, endLine: line, endColumn: 13, text: ' CONCURRENTLY' });
  });
});
