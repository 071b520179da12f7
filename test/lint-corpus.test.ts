// Realistic multi-file migrations as ORMs and runners write them (golang-migrate, Django's
// sqlmigrate, Prisma, Flyway with Hibernate's DDL, diesel), linted with `strata lint FOLDER`
// as a user would: each folder is one history, so no type change rests on "current type
// unknown", and the rewrites reported are exactly the real ones (narrowing, int → bigint,
// text → varchar(n)), down files judged against the schema their up left.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/strata.js');

interface Row {
  readonly file: string;
  readonly line: number;
  readonly assumptions: readonly string[];
  readonly findings: readonly { readonly rule: string; readonly message: string }[];
}

function lintFolder(folder: string, ...args: string[]): Row[] {
  const r = spawnSync(process.execPath, [BIN, 'lint', `test/lint-corpus/${folder}`, '--json', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { statements: Row[] }).statements;
}

/** `file:line` of each statement reported as a rewriting type change. */
function typeRewrites(rows: readonly Row[]): string[] {
  return rows
    .filter((s) => s.findings.some((f) => f.rule === 'changing-column-type-rewrite'))
    .map((s) => `${s.file.replace(/^test\/lint-corpus\/[^/]+\//, '')}:${s.line}`);
}

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'golang-migrate': [
    '000002_widen_user_columns.down.sql:1',
    '000002_widen_user_columns.down.sql:2',
    '000002_widen_user_columns.down.sql:3',
    '000004_session_token_text.up.sql:2',
    '000004_session_token_text.down.sql:2',
  ],
  django: ['0003_product_stock_bigint.sql:5'],
  prisma: ['20240611120000_timestamps/migration.sql:2'],
  flyway: ['U2__widen_customer.sql:1', 'U2__widen_customer.sql:2'],
  diesel: [
    '2024-02-11-083000_widen_title/down.sql:1',
    '2024-03-20-170000_add_tags/up.sql:7',
    '2024-03-20-170000_add_tags/down.sql:1',
  ],
};

describe('a corpus of ORM-generated migration folders', () => {
  for (const [folder, expected] of Object.entries(EXPECTED)) {
    it(`${folder}: no "type unknown" rewrite, and exactly the real ones`, () => {
      const rows = lintFolder(folder);
      expect(rows.flatMap((s) => s.assumptions).filter((a) => /current type of .* unknown/.test(a))).toEqual([]);
      expect(typeRewrites(rows)).toEqual(expected);
    });
  }

  it("diesel's metadata.toml takes a migration out of the transaction; --transactional puts it back", () => {
    const rules = (rows: readonly Row[]): string[] =>
      rows.filter((s) => s.file.includes('concurrent_index')).flatMap((s) => s.findings.map((f) => f.rule));
    expect(rules(lintFolder('diesel'))).not.toContain('concurrently-in-transaction');
    expect(rules(lintFolder('diesel', '--transactional'))).toContain('concurrently-in-transaction');
    // Django's sqlmigrate files carry BEGIN/COMMIT of their own: no runner of its own to fight.
    expect(lintFolder('django').flatMap((s) => s.findings.map((f) => f.rule))).not.toContain('transaction-control');
  });

  it('timestamp → timestamptz stays open until the TimeZone is known: --timezone decides', () => {
    const open = lintFolder('prisma')
      .flatMap((s) => s.findings)
      .find((f) => f.rule === 'changing-column-type-rewrite');
    expect(open?.message).toMatch(/free if the session TimeZone is UTC and rewrites every row otherwise/);
    expect(typeRewrites(lintFolder('prisma', '--timezone', 'UTC'))).toEqual([]);
    expect(typeRewrites(lintFolder('prisma', '--timezone', 'Europe/Paris'))).toEqual([
      '20240611120000_timestamps/migration.sql:2',
    ]);
  });
});
