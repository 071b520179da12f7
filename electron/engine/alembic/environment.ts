// What an Alembic project says about its database outside the revision modules: the version
// table env.py passes to context.configure (read as a literal, never run), the dialect, and
// sqlalchemy.url turned into the URL strata's own drivers take (for `current`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '../../../shared/model/revision.ts';
import type { ProjectProblem } from '../project/errors.ts';
import { SETTINGS_FILE, type AlembicSettings } from './settings.ts';

export interface EnvVersionTable {
  readonly table: string | undefined;
  readonly schema: string | undefined;
  /** env.py sets version_table to something that is not a string literal. */
  readonly problem: ProjectProblem | undefined;
}

export function readEnvVersionTable(scriptLocation: string, near: (path: string) => string): EnvVersionTable {
  const file = join(scriptLocation, 'env.py');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { table: undefined, schema: undefined, problem: undefined };
  }
  const literal = (key: string): { value: string | undefined; computedLine: number } => {
    const re = new RegExp(`\\b${key}\\s*=\\s*(?:(['"])([^'"\\n]*)\\1)?`, 'g');
    let value: string | undefined;
    let computedLine = 0;
    for (const m of text.matchAll(re)) {
      if (m[2] !== undefined) value = m[2];
      else computedLine = text.slice(0, m.index).split('\n').length;
    }
    return { value, computedLine: value === undefined ? computedLine : 0 };
  };
  const table = literal('version_table');
  const schema = literal('version_table_schema');
  const problem =
    table.computedLine > 0
      ? {
          file: near(file),
          line: table.computedLine,
          message:
            `version_table is computed in env.py; strata reads '${table.value ?? 'alembic_version'}' ` +
            `until you declare it in ${SETTINGS_FILE} ("versionTable")`,
        }
      : undefined;
  return { table: table.value, schema: schema.value, problem };
}

/** The dialect to lint and read the database with: declared, else the URL's, else PostgreSQL. */
export function alembicDialect(settings: AlembicSettings, sqlalchemyUrl: string | undefined): Dialect {
  if (settings.dialect) return settings.dialect;
  const scheme = /^([a-z0-9]+)/i.exec(sqlalchemyUrl?.trim() ?? '')?.[1]?.toLowerCase();
  return scheme === 'sqlite' ? 'sqlite' : 'postgres';
}

/**
 * A SQLAlchemy URL as strata's drivers take it: `postgresql+psycopg2://…` → `postgres://…`,
 * `sqlite:///rel.db` → `rel.db`, `sqlite:////abs.db` → `/abs.db`. Undefined for what they
 * cannot open (another database, in-memory SQLite, the template's `driver://…` placeholder).
 */
export function strataUrlOf(sqlalchemyUrl: string | undefined): string | undefined {
  const url = sqlalchemyUrl?.trim();
  if (!url) return undefined;
  const pg = /^postgres(?:ql)?(?:\+[a-z0-9_]+)?:\/\/(.*)$/i.exec(url);
  if (pg) return `postgres://${pg[1]}`;
  const lite = /^sqlite(?:\+[a-z0-9_]+)?:\/\/\/(.+)$/i.exec(url);
  if (lite && lite[1] !== ':memory:') return (lite[1] as string).replace(/\?.*$/, '');
  return undefined;
}
