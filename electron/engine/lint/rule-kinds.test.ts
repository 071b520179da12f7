// A rule's `kinds` lets the linter skip it on every other statement, so a list that is too
// short would hide findings. Here the registry hands the linter every rule without its list,
// each check wrapped to record the kinds it reports on; over the honesty suite's statements
// and a statement of every kind the rules care about, no rule may report on a kind its list
// leaves out.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Rule } from './rule.ts';

const observed = vi.hoisted(() => ({
  declared: new Map<string, readonly string[]>(),
  reported: new Map<string, Set<string>>(),
}));

vi.mock('./registry.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./registry.ts')>();
  const { nodeKind } = await import('./parse.ts');
  const unlisted = (rule: Rule): Rule => {
    const { kinds, ...everywhere } = rule;
    if (kinds) observed.declared.set(rule.id, kinds);
    return {
      ...everywhere,
      check(ctx) {
        const hits = rule.check(ctx);
        if (hits.length > 0) {
          const kinds = observed.reported.get(rule.id) ?? new Set<string>();
          kinds.add(nodeKind(ctx.node));
          observed.reported.set(rule.id, kinds);
        }
        return hits;
      },
    };
  };
  const postgres = actual.rulesFor('postgres').map(unlisted);
  const sqlite = actual.rulesFor('sqlite').map(unlisted);
  return { ...actual, rulesFor: (dialect: 'postgres' | 'sqlite') => (dialect === 'postgres' ? postgres : sqlite) };
});

const { loadParser } = await import('./parse.ts');
const { NON_TRANSACTIONAL_CASES, TRANSACTIONAL_CASES } = await import('../../../test/support/lint-honesty/cases.ts');
const { lint, revisionText } = await import('../../../test/support/lint-helpers.ts');

/** Statements of the kinds the rules with a list name, in risky forms, beside the honesty cases. */
const EXTRA: readonly string[] = [
  'ALTER DOMAIN positive_int ADD CONSTRAINT p2 CHECK (VALUE > 0)',
  'CLUSTER child USING child_pkey',
  "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
  'CREATE TABLE t2 (id int REFERENCES parent (id))',
  'DROP TABLE items',
  'DROP INDEX child_email_idx',
  "ALTER TYPE mood ADD VALUE 'meh'",
  'REFRESH MATERIALIZED VIEW parent_stats',
  'REINDEX INDEX child_email_idx',
  'ALTER TABLE child RENAME COLUMN note TO body',
  'ALTER TABLE child RENAME TO kid',
  'CREATE INDEX i ON child (note)',
  'TRUNCATE parent CASCADE',
  'TRUNCATE items',
  'DELETE FROM items',
  "UPDATE items SET label = 'x'",
  'VACUUM FULL child',
  // Two statements: VALIDATE while the ADD's lock is still held.
  'ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0) NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT c',
  'ALTER TABLE empty_t ADD PRIMARY KEY (id)',
  'ALTER TABLE child ADD CONSTRAINT ex EXCLUDE USING btree (n WITH =)',
  'BEGIN',
  'COMMIT',
  'ALTER TABLE child ADD COLUMN meta json',
  "SET lock_timeout = '10min'",
  'ALTER SCHEMA archive RENAME TO old_archive',
];

const SQLITE: readonly string[] = [
  'ALTER TABLE books ALTER COLUMN title TYPE varchar(10)',
  'ALTER TABLE books ADD COLUMN pages INTEGER NOT NULL',
  'ALTER TABLE books DROP COLUMN isbn',
  'ALTER TABLE books RENAME COLUMN title TO name',
  'CREATE TABLE new_books (id INTEGER PRIMARY KEY, title TEXT NOT NULL)',
  'INSERT INTO new_books SELECT id, title FROM books',
  'DROP TABLE books',
  'ALTER TABLE new_books RENAME TO books',
];

describe('rule kinds', () => {
  beforeAll(loadParser);

  it('no rule reports on a statement kind its list leaves out', () => {
    for (const sql of [...TRANSACTIONAL_CASES, ...NON_TRANSACTIONAL_CASES, ...EXTRA]) {
      lint(`${sql};`);
      lint(revisionText(`${sql};`));
      lint(`${sql};`, { pgVersion: 11 });
    }
    lint(`${SQLITE.join(';\n')};`, { dialect: 'sqlite', sqliteVersion: '3.20.0' });
    lint(`${SQLITE.join(';\n')};`, { dialect: 'sqlite' });
    const outside = [...observed.reported].flatMap(([rule, kinds]) => {
      const declared = observed.declared.get(rule);
      return declared ? [...kinds].filter((k) => !declared.includes(k)).map((k) => `${rule} on ${k}`) : [];
    });
    expect(outside).toEqual([]);
    // The statements above make every listed rule report at least once.
    expect([...observed.declared.keys()].filter((rule) => !observed.reported.has(rule))).toEqual([]);
  });
});
