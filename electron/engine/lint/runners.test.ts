// Transaction boundaries in plain .sql files: BEGIN/COMMIT are boundaries, and how the file's
// runner (diesel, Flyway, golang-migrate, sqitch, or none) wraps it decides what is inside a
// transaction block; --transactional / --no-transactional override the convention.
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleIds, setupModel } from '../../../test/support/lint-helpers.ts';
import { LintHistory } from './history.ts';
import type { LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import { runnerConvention } from './runners.ts';
import type { FileReport } from './types.ts';

beforeAll(loadParser);

/** Lints `text` as the file at `path`, with `siblings` as the files beside it. */
function lintAt(
  path: string,
  text: string,
  siblings: Readonly<Record<string, string>> = {},
  options: LintOptions = {},
): FileReport {
  return new LintHistory(options, setupModel(), (p) => siblings[p]).lint(text, path, path);
}

/** Rule ids per statement line. */
function byLine(report: FileReport): Record<number, string[]> {
  return Object.fromEntries(
    report.statements.map((s) => [s.line, s.findings.map((f) => f.rule).filter((r) => r !== 'require-lock-timeout')]),
  );
}

const CIC = 'CREATE INDEX CONCURRENTLY child_note_idx ON child (note);';

describe('transaction boundaries in plain files', () => {
  it('COMMIT; CREATE INDEX CONCURRENTLY …; BEGIN; is not inside a transaction', () => {
    const text = `ALTER TABLE child ADD COLUMN x int;\nCOMMIT;\n${CIC}\nBEGIN;\nALTER TABLE child ADD COLUMN y int;\n`;
    // Wrapped by the runner (diesel without metadata.toml): the CONCURRENTLY is outside, but
    // COMMIT and BEGIN fight the runner's own transaction.
    const diesel = byLine(lintAt('m/2024-01-01-000000_x/up.sql', text));
    expect(diesel[3]).toEqual([]);
    expect(diesel[2]).toEqual(['transaction-control']);
    expect(diesel[4]).toEqual(['transaction-control']);
    expect(lintAt('m/2024-01-01-000000_x/up.sql', text).statements[1]?.findings[0]?.message).toMatch(
      /diesel runs inside a transaction of its own/,
    );
  });

  it('a plain file with BEGIN/COMMIT of its own runs as psql does: only those are transactions', () => {
    const outside = byLine(lintAt('fix.sql', `BEGIN;\nALTER TABLE child ADD COLUMN x int;\nCOMMIT;\n${CIC}\n`));
    expect(Object.values(outside).flat()).toEqual([]);
    const inside = lintAt('fix.sql', `BEGIN;\n${CIC}\nCOMMIT;\n`);
    expect(byLine(inside)[2]).toEqual(['concurrently-in-transaction']);
    expect(inside.statements[1]?.findings[0]?.message).toMatch(/after a BEGIN of this file/);
    // Without BEGIN/COMMIT it is one transaction, as a revision.
    expect(byLine(lintAt('fix.sql', `${CIC}\n`))[1]).toEqual(['concurrently-in-transaction']);
  });

  it('locks are held until COMMIT, not after it', () => {
    const add = 'ALTER TABLE child ADD CONSTRAINT c CHECK (n > 0) NOT VALID;';
    const validate = 'ALTER TABLE child VALIDATE CONSTRAINT c;';
    expect(ruleIds(lintAt('v.sql', `BEGIN;\n${add}\n${validate}\nCOMMIT;\n`))).toContain(
      'validate-in-same-transaction',
    );
    expect(ruleIds(lintAt('v.sql', `BEGIN;\n${add}\nCOMMIT;\nBEGIN;\n${validate}\nCOMMIT;\n`))).not.toContain(
      'validate-in-same-transaction',
    );
  });

  it('diesel: metadata.toml run_in_transaction = false', () => {
    const path = 'migrations/2024-04-02-090000_idx/up.sql';
    const wrapped = lintAt(path, `${CIC}\n`);
    expect(ruleIds(wrapped)).toContain('concurrently-in-transaction');
    expect(wrapped.statements[0]?.findings.find((f) => f.rule === 'concurrently-in-transaction')?.message).toMatch(
      /run_in_transaction = false in its metadata\.toml/,
    );
    expect(
      ruleIds(
        lintAt(path, `${CIC}\n`, { 'migrations/2024-04-02-090000_idx/metadata.toml': 'run_in_transaction = false\n' }),
      ),
    ).not.toContain('concurrently-in-transaction');
    expect(
      ruleIds(
        lintAt(path, `${CIC}\n`, { 'migrations/2024-04-02-090000_idx/metadata.toml': 'run_in_transaction = true\n' }),
      ),
    ).toContain('concurrently-in-transaction');
  });

  it('Flyway: executeInTransaction=false in the script’s .conf', () => {
    expect(ruleIds(lintAt('sql/V7__idx.sql', `${CIC}\n`))).toContain('concurrently-in-transaction');
    expect(
      ruleIds(lintAt('sql/V7__idx.sql', `${CIC}\n`, { 'sql/V7__idx.sql.conf': 'executeInTransaction=false\n' })),
    ).not.toContain('concurrently-in-transaction');
  });

  it('golang-migrate: a file of one statement runs alone, several share one implicit transaction', () => {
    expect(ruleIds(lintAt('db/000007_idx.up.sql', `${CIC}\n`))).not.toContain('concurrently-in-transaction');
    expect(ruleIds(lintAt('db/000007_idx.up.sql', `${CIC}\nALTER TABLE child ADD COLUMN x int;\n`))).toContain(
      'concurrently-in-transaction',
    );
    // BEGIN/COMMIT inside one query take over PostgreSQL's implicit block: no fight.
    expect(
      ruleIds(lintAt('db/000008_x.up.sql', 'BEGIN;\nALTER TABLE child ADD COLUMN x int;\nCOMMIT;\n')),
    ).not.toContain('transaction-control');
  });

  it('sqitch: deploy scripts carry their own BEGIN/COMMIT', () => {
    const text = `BEGIN;\nALTER TABLE child ADD COLUMN x int;\nCOMMIT;\n`;
    expect(
      runnerConvention('proj/deploy/add_x.sql', (p) => (p === 'proj/sqitch.plan' ? '%project=x\n' : undefined)),
    ).toEqual({ runner: 'sqitch', mode: 'none' });
    expect(ruleIds(lintAt('proj/deploy/add_x.sql', text, { 'proj/sqitch.plan': '%project=x\n' }))).not.toContain(
      'transaction-control',
    );
  });

  it('--transactional / --no-transactional override the convention', () => {
    expect(ruleIds(lintAt('db/000007_idx.up.sql', `${CIC}\n`, {}, { transactional: true }))).toContain(
      'concurrently-in-transaction',
    );
    expect(ruleIds(lintAt('m/2024-01-01-000000_x/up.sql', `${CIC}\n`, {}, { transactional: false }))).not.toContain(
      'concurrently-in-transaction',
    );
    expect(
      ruleIds(lintAt('fix.sql', 'BEGIN;\nALTER TABLE child ADD COLUMN x int;\nCOMMIT;\n', {}, { transactional: true })),
    ).toContain('transaction-control');
  });
});
