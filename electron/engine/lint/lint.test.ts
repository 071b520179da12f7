// The linter's state across a revision, suppression comments, rule levels, versions, the
// project walk and the report formats. No database: the honesty suite covers the locks.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeProject } from '../../../test/support/projects.ts';
import { loadProject } from '../project/project.ts';
import { applyFix } from './fixes.ts';
import { loadParser } from './parse.ts';
import { lintProject, projectLintOptions } from './project-lint.ts';
import { asciiJson, jsonRows, JsonReportWriter, statementJson, statementRow } from './json-report.ts';
import { NON_TRANSACTIONAL_CASES, TRANSACTIONAL_CASES } from '../../../test/support/lint-honesty/cases.ts';
import { githubAnnotations, summarize, summaryExitCode } from './report.ts';
import { SchemaModel } from './schema/model.ts';
import { allFindings, lint, revisionText, ruleIds } from '../../../test/support/lint-helpers.ts';
import { lintText } from './lint-file.ts';
import type { FileReport, Finding, StatementReport } from './types.ts';

beforeAll(loadParser);

describe('state across a revision', () => {
  it('tables created in the same revision are new: no risk findings, no blocking', () => {
    const report = lint(
      revisionText(
        'CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz);\nCREATE INDEX audit_at ON audit (at);\n' +
          'ALTER TABLE audit ADD COLUMN token uuid DEFAULT gen_random_uuid();\n' +
          'ALTER TABLE audit ALTER COLUMN at SET NOT NULL;',
      ),
    );
    expect(ruleIds(report)).toEqual([]);
    const index = report.statements[1];
    expect(index?.locks).toEqual([{ relation: 'audit', mode: 'ShareLock', kind: 'table', isNew: true }]);
    expect(index?.blocksWrites).toBe(false);
    expect(report.statements[2]?.rewrites).toBe(false);
  });

  it('SET lock_timeout earlier in the revision counts; setting it to 0 undoes it', () => {
    expect(ruleIds(lint("SET lock_timeout = '3s';\nALTER TABLE child ADD COLUMN x int;"))).not.toContain(
      'require-lock-timeout',
    );
    expect(ruleIds(lint("SET LOCAL lock_timeout TO '3s';\nALTER TABLE child ADD COLUMN x int;"))).not.toContain(
      'require-lock-timeout',
    );
    expect(
      ruleIds(lint("SET lock_timeout = '3s';\nSET lock_timeout = 0;\nALTER TABLE child ADD COLUMN x int;")),
    ).toContain('require-lock-timeout');
    expect(
      ruleIds(lint("SET lock_timeout = '3s';\nRESET lock_timeout;\nALTER TABLE child ADD COLUMN x int;")),
    ).toContain('require-lock-timeout');
    expect(ruleIds(lint('ALTER TABLE child ADD COLUMN x int;', { lockTimeoutFromRunner: true }))).not.toContain(
      'require-lock-timeout',
    );
  });

  it('require-lock-timeout is reported once per revision, at the first blocking statement', () => {
    const report = lint(
      'ALTER TABLE child ADD COLUMN x int;\nALTER TABLE child ADD COLUMN y int;\nCREATE INDEX i ON items (label);',
    );
    expect(
      allFindings(report)
        .filter((f) => f.rule === 'require-lock-timeout')
        .map((f) => f.line),
    ).toEqual([1]);
  });

  it('a CHECK (col IS NOT NULL) validated earlier makes SET NOT NULL cheap (PostgreSQL 12+)', () => {
    const sql =
      '-- strata:transactional false\nALTER TABLE child ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) ' +
      'NOT VALID;\nALTER TABLE child VALIDATE CONSTRAINT email_nn;\n' +
      'ALTER TABLE child ALTER COLUMN email SET NOT NULL;';
    const report = lint(sql);
    expect(report.statements[2]?.scans).toBe(false);
    expect(ruleIds(report)).not.toContain('set-not-null-scan');
    expect(lint(sql, { pgVersion: 11 }).statements[2]?.scans).toBe(true);
    // Only NOT VALID (never validated): the scan still happens.
    expect(
      lint(
        'ALTER TABLE child ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n' +
          'ALTER TABLE child ALTER COLUMN email SET NOT NULL;',
      ).statements[1]?.scans,
    ).toBe(true);
  });

  it('CONCURRENTLY is an error in a transactional revision and fine outside one', () => {
    expect(ruleIds(lint(revisionText('CREATE INDEX CONCURRENTLY i ON child (note);')))).toContain(
      'concurrently-in-transaction',
    );
    expect(ruleIds(lint(revisionText('CREATE INDEX CONCURRENTLY i ON child (note);', false)))).toEqual([]);
  });

  it('a file of bare statements is linted as a revision whose tables already exist', () => {
    const report = lintText('ALTER TABLE never_seen ADD COLUMN x uuid DEFAULT gen_random_uuid();\n', 'bare.sql');
    expect(report.statements[0]?.locks).toEqual([
      { relation: 'never_seen', mode: 'AccessExclusiveLock', kind: 'table' },
    ]);
    expect(report.statements[0]?.rewrites).toBe(true);
    expect(ruleIds(report)).toEqual([
      'require-lock-timeout',
      'statement-timeout-around-rewrite',
      'volatile-default-rewrite',
    ]);
  });

  it('says what it assumed when the schema is unknown', () => {
    const report = lintText(
      'ALTER TABLE t ALTER COLUMN c TYPE varchar(200);\nALTER TABLE t ADD COLUMN d int DEFAULT my_func();\n',
      'bare.sql',
    );
    expect(report.statements[0]?.rewrites).toBe(true);
    expect(report.statements[0]?.assumptions.join(' ')).toMatch(/current type of t\.c unknown/);
    expect(report.statements[1]?.assumptions.join(' ')).toMatch(/volatility of my_func unknown/);
  });

  it('earlier statements teach the model: a widened column then widened again does not rewrite', () => {
    const report = lintText(
      'ALTER TABLE t ADD COLUMN c varchar(10);\nALTER TABLE t ALTER COLUMN c TYPE varchar(20);\n',
      'bare.sql',
    );
    expect(report.statements[1]?.rewrites).toBe(false);
  });
});

describe('versions', () => {
  it('before PostgreSQL 11 any non-null default on ADD COLUMN rewrites', () => {
    expect(lint('ALTER TABLE child ADD COLUMN x int DEFAULT 1;', { pgVersion: 10 }).statements[0]?.rewrites).toBe(true);
    expect(lint('ALTER TABLE child ADD COLUMN x int DEFAULT 1;').statements[0]?.rewrites).toBe(false);
  });

  it('GRANT takes ACCESS SHARE on PostgreSQL 18, nothing on 15', () => {
    expect(lint('GRANT SELECT ON child TO public;').statements[0]?.locks.map((l) => l.mode)).toEqual([
      'AccessShareLock',
    ]);
    expect(lint('GRANT SELECT ON child TO public;', { pgVersion: 15 }).statements[0]?.locks).toEqual([]);
  });

  it('before 18 a generated column is always STORED and rewrites', () => {
    expect(
      lint('ALTER TABLE child ADD COLUMN x int GENERATED ALWAYS AS (n * 2) STORED;', { pgVersion: 17 }).statements[0]
        ?.rewrites,
    ).toBe(true);
  });
});

describe('suppression and levels', () => {
  it('strata:ignore with a reason silences the rule for the next statement only', () => {
    const report = lint(
      '-- strata:ignore drop-table archive moved to cold storage\nDROP TABLE items;\nDROP TABLE people;',
    );
    expect(
      allFindings(report)
        .filter((f) => f.rule === 'drop-table')
        .map((f) => f.line),
    ).toEqual([3]);
  });

  it('a suppression without a reason is a finding and silences nothing', () => {
    const report = lint('-- strata:ignore drop-table\nDROP TABLE items;');
    expect(ruleIds(report)).toContain('drop-table');
    expect(allFindings(report).find((f) => f.rule === 'invalid-ignore')?.message).toMatch(/gives no reason/);
  });

  it('unknown and unused suppressions are reported', () => {
    expect(
      allFindings(lint('-- strata:ignore no-such-rule because\nSELECT 1;')).map((f) => [f.rule, f.severity]),
    ).toEqual([['invalid-ignore', 'warning']]);
    expect(
      allFindings(lint('-- strata:ignore drop-table because\nSELECT 1;')).map((f) => [f.rule, f.severity]),
    ).toEqual([['invalid-ignore', 'info']]);
  });

  it('rule levels from strata.json: off, a different severity, unknown ids reported', () => {
    expect(ruleIds(lint('DROP TABLE items;', { rules: { 'drop-table': 'off' } }))).not.toContain('drop-table');
    expect(
      allFindings(lint('DROP TABLE items;', { rules: { 'drop-table': 'error' } })).find((f) => f.rule === 'drop-table')
        ?.severity,
    ).toBe('error');
    expect(ruleIds(lint('SELECT 1;', { rules: { 'no-such-rule': 'off' } }))).toEqual(['unknown-rule-config']);
  });
});

describe('positions', () => {
  it('fixes are placed right after non-ASCII text and multi-statement lines', () => {
    const text = "SET lock_timeout = '1s'; SELECT 'é—ü'; CREATE INDEX i ON child (note);\n";
    const finding = allFindings(lint(text)).find((f) => f.rule === 'require-concurrent-index-creation');
    expect(applyFix(text, finding!.fix!)).toContain("SELECT 'é—ü'; CREATE INDEX CONCURRENTLY i ON child (note);");
  });

  it('statement lines are file lines, and comments between statements are skipped', () => {
    const text = revisionText('-- first\nSELECT 1;\n\n/* two\n lines */ DROP TABLE items;');
    const lines = text.split('\n');
    const select = lines.indexOf('SELECT 1;') + 1;
    const drop = lines.findIndex((l) => l.includes('DROP TABLE items')) + 1;
    expect(lint(text).statements.map((s) => s.line)).toEqual([select, drop]);
  });
});

describe('a project', () => {
  it('lints revisions in graph order against the schema earlier revisions built', async () => {
    const dir = writeProject('postgres', [
      {
        id: 'aaaaaaaaaaa1',
        up:
          'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100));\n' +
          'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n',
        down: '',
      },
      {
        id: 'aaaaaaaaaaa2',
        parents: ['aaaaaaaaaaa1'],
        up: "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(200);\nDROP TABLE orders;\n",
        down: '',
      },
    ]);
    const project = loadProject(dir);
    const { reports } = await lintProject(project, undefined, projectLintOptions(project));
    expect(reports.map((r) => r.revision)).toEqual(['aaaaaaaaaaa1', 'aaaaaaaaaaa2']);
    // New tables lock nothing anyone waits on; orders.user_id has no index for its key, though.
    expect(ruleIds(reports[0]!)).toEqual(['foreign-key-without-index']);
    const second = reports[1]!;
    expect(second.statements[1]?.rewrites).toBe(false); // varchar(100) → varchar(200): known from revision 1
    expect(second.statements[2]?.locks.map((l) => `${l.relation}:${l.mode}`)).toEqual([
      'orders:AccessExclusiveLock',
      'orders_pkey:AccessExclusiveLock',
      'users:AccessExclusiveLock',
    ]);
    const only = await lintProject(project, ['aaaaaaaaaaa2' as never], projectLintOptions(project));
    expect(only.reports.map((r) => r.revision)).toEqual(['aaaaaaaaaaa2']);
    expect(only.reports[0]?.statements[1]?.rewrites).toBe(false);
  });
});

describe('reports', () => {
  it('--json rows list every statement, safe ones included', () => {
    const rows = jsonRows([lint('SELECT 1;\nDROP TABLE items;')]) as {
      statements: { statement: string; findings: unknown[] }[];
    };
    expect(rows.statements.map((s) => s.statement)).toEqual(['SELECT 1', 'DROP TABLE items']);
    expect(rows.statements[0]?.findings).toEqual([]);
  });

  it('the streamed --json document is jsonRows, ASCII only, one statement per line', () => {
    const reports = [
      lint("-- café\nALTER TABLE child ADD COLUMN x int;\nSELECT 'naïve → ok';"),
      { ...lint('SELECT 1;'), file: 'b.sql' },
      {
        ...lint(''),
        findings: [{ rule: 'invalid-ignore', severity: 'warning' as const, line: 1, message: 'broken — here' }],
      },
    ];
    const writer = new JsonReportWriter();
    for (const r of reports) writer.add(r);
    const bytes = Buffer.concat(writer.finish({ impact: { note: 'größe' } }));
    expect([...bytes].every((b) => b < 0x7f)).toBe(true);
    const text = bytes.toString('utf8');
    expect(JSON.parse(text)).toEqual({ ...jsonRows(reports), impact: { note: 'größe' } });
    expect(text).toContain('\\u2192');
    // statements, then the file-level finding
    expect(text.split('\n').filter((l) => l.startsWith('    {"file"'))).toHaveLength(3 + 1);
    expect(writer.summary()).toEqual((jsonRows(reports) as { summary: unknown }).summary);
    expect(JSON.parse(Buffer.concat(new JsonReportWriter().finish()).toString('utf8'))).toEqual({
      summary: { files: 0, statements: 0, errors: 0, warnings: 0, infos: 0 },
      statements: [],
      findings: [],
    });
  });

  it('a finding taken back after its report was written is taken out of the --json document and its summary', () => {
    const reports = [
      lint('ALTER TABLE child ADD COLUMN x int;\nDROP TABLE t;'),
      { ...lint('SELECT 1;'), file: 'b.sql' },
    ];
    const writer = new JsonReportWriter();
    for (const r of reports) writer.add(r);
    const first = reports[0] as FileReport;
    const statement = first.statements.find((s) => s.findings.length > 0) as StatementReport;
    const finding = statement.findings[0] as Finding;
    // What LintHistory does (linter.ts takeBack) when a later file settles the finding.
    (statement.findings as Finding[]).splice(0, 1);
    writer.takeBack(first, finding);
    // As if the report had been written only now.
    const expected = jsonRows(reports) as { summary: unknown };
    expect(JSON.parse(Buffer.concat(writer.finish()).toString('utf8'))).toEqual(expected);
    expect(writer.summary()).toEqual(expected.summary);
  });

  it(
    'each --json row is written as JSON.stringify, ASCII-escaped, ' +
      'writes its object: every honesty-suite statement, as bare SQL and as a revision',
    () => {
      const statements = [
        ...TRANSACTIONAL_CASES,
        ...NON_TRANSACTIONAL_CASES,
        `ALTER TABLE "we""ird" ADD COLUMN "naïve\\x" text DEFAULT 'a "b" \\ — c';`,
      ];
      const reports = [
        ...statements.map((sql) => lint(sql)),
        lint(revisionText(TRANSACTIONAL_CASES.slice(0, 20).join(';\n'))),
        lint(revisionText(NON_TRANSACTIONAL_CASES.join(';\n'), false)),
      ];
      let rows = 0;
      for (const r of reports) {
        for (const s of r.statements) {
          expect(statementJson(r, s)).toBe(asciiJson(statementRow(r, s)));
          rows++;
        }
      }
      expect(rows).toBeGreaterThan(150);
      // The shapes that take optional keys all occur: an index's table, a reason, a new relation, a header fix.
      const text = reports.flatMap((r) => r.statements.map((s) => statementJson(r, s))).join('\n');
      for (const key of ['"table":', '"reason":', '"isNew":true', '"header":{"transactional":false}', '\\u'])
        expect(text).toContain(key);
    },
  );

  it('GitHub annotations escape what the workflow syntax needs', () => {
    const report = { ...lint('DROP TABLE items;'), file: 'a,b:c.sql' };
    const lines = githubAnnotations([report]);
    expect(lines[0]).toMatch(/^::warning file=a%2Cb%3Ac\.sql,line=1,title=strata lint%3A drop-table::DROP TABLE items/);
  });

  it('exit code: 1 on errors, warnings only with --strict, never for notes', () => {
    const lintExitCode = (reports: Parameters<typeof summarize>[0], strict: boolean): 0 | 1 =>
      summaryExitCode(summarize(reports), strict);
    expect(lintExitCode([lint('CREATE INDEX i ON child (note);')], false)).toBe(1);
    expect(lintExitCode([lint("SET lock_timeout = '1s';\nDROP TABLE items;")], false)).toBe(0);
    expect(lintExitCode([lint("SET lock_timeout = '1s';\nDROP TABLE items;")], true)).toBe(1);
    expect(lintExitCode([lint("ALTER TYPE mood ADD VALUE 'x';")], true)).toBe(0);
  });

  it('an empty model knows nothing: placeholders are added as existing tables', () => {
    const model = new SchemaModel();
    lintText('ALTER TABLE a ADD COLUMN b int;\n', 'x.sql', {}, model);
    expect(model.get('public.a')?.isNew).toBe(false);
    expect(model.get('public.a')?.columns.get('b')?.type?.name).toBe('int4');
  });
});
