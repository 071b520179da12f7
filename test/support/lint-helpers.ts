// Helpers shared by the lint tests (no database): a model of the honesty suite's schema,
// revision-file text for a body of SQL, and lint calls that return rule ids.
import { renderRevisionFile } from '../../electron/engine/project/revision-file.ts';
import { asRevisionId } from '../../shared/model/revision.ts';
import { SETUP } from './lint-honesty/cases.ts';
import { lintText } from '../../electron/engine/lint/lint-file.ts';
import { replaySql, type LintOptions } from '../../electron/engine/lint/linter.ts';
import { SchemaModel } from '../../electron/engine/lint/schema/model.ts';
import type { FileReport, Finding } from '../../electron/engine/lint/types.ts';

let base: SchemaModel | undefined;

/** The honesty suite's schema, learned by replay (call after loadParser()). */
export function setupModel(): SchemaModel {
  if (!base) {
    base = new SchemaModel();
    replaySql(base, SETUP);
  }
  return base.clone();
}

export const SQLITE_SETUP = `
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id), title TEXT, isbn TEXT);
CREATE INDEX books_isbn_idx ON books (isbn);
`;

export function sqliteModel(): SchemaModel {
  const model = new SchemaModel();
  replaySql(model, SQLITE_SETUP);
  return model;
}

export function revisionText(upgrade: string, transactional = true): string {
  return renderRevisionFile({
    id: asRevisionId('a1b2c3d4e5f6'),
    parents: [],
    dependsOn: [],
    branchLabels: [],
    message: 'test revision',
    created: '2026-01-01T00:00:00Z',
    transactional,
    upgradeSql: upgrade.endsWith('\n') ? upgrade : `${upgrade}\n`,
    downgradeSql: 'SELECT 1;\n',
  });
}

export function lint(text: string, options: LintOptions = {}, model?: SchemaModel): FileReport {
  const dialect = options.dialect ?? 'postgres';
  return lintText(text, 'test.sql', options, model ?? (dialect === 'sqlite' ? sqliteModel() : setupModel()));
}

export function allFindings(report: FileReport): Finding[] {
  return [...report.findings, ...report.statements.flatMap((s) => s.findings)];
}

export function ruleIds(report: FileReport): string[] {
  return [...new Set(allFindings(report).map((f) => f.rule))].sort();
}
