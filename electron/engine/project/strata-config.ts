// strata.json: where the revisions live, which dialect, the version table, the default
// connection. Plain JSON; errors name the line so a person can fix the file.
// Checked by hand rather than with zod: every strata command reads this file, and loading
// zod costs a CLI start ~40 ms — a tenth of what psql needs for a whole small migration.
import type { ProjectProblem } from './errors.ts';

export type RuleLevel = 'off' | 'info' | 'warning' | 'error';
const RULE_LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const DIALECTS = ['sqlite', 'postgres'] as const;

export interface StrataConfig {
  readonly dialect: (typeof DIALECTS)[number];
  readonly versions: string;
  readonly schema?: string | undefined;
  /** A PostgreSQL database autogenerate may use as its shadow (no password: that comes from PGPASSWORD). */
  readonly shadowUrl?: string | undefined;
  readonly versionTable: string;
  readonly databaseUrlEnv?: string | undefined;
  readonly defaultConnection?: { readonly sqlite: string } | undefined;
  /** Lock-risk lint: rule levels, and the server version to lint for (default 18). */
  readonly lint?:
    | {
        readonly rules?: Readonly<Record<string, RuleLevel>> | undefined;
        readonly postgresVersion?: number | undefined;
        readonly sqliteVersion?: string | undefined;
      }
    | undefined;
}

interface Issue {
  /** Where in the document: the keys down to the value, or to the unknown key itself. */
  readonly path: readonly string[];
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** A small checker: each field reports its own problem, unknown keys are refused. */
class Checker {
  readonly issues: Issue[] = [];

  object(v: unknown, path: readonly string[], known: readonly string[]): Record<string, unknown> | undefined {
    if (!isObject(v)) {
      this.issues.push({ path, message: `expected an object, not ${describe(v)}` });
      return undefined;
    }
    for (const key of Object.keys(v))
      if (!known.includes(key))
        this.issues.push({ path: [...path, key], message: `unknown key '${key}' (known: ${known.join(', ')})` });
    return v;
  }

  string(v: unknown, path: readonly string[], rule?: { pattern: RegExp; says: string }): string | undefined {
    if (typeof v !== 'string') this.issues.push({ path, message: `expected a string, not ${describe(v)}` });
    else if (v === '') this.issues.push({ path, message: 'must not be empty' });
    else if (rule && !rule.pattern.test(v)) this.issues.push({ path, message: rule.says });
    else return v;
    return undefined;
  }

  oneOf<T extends string>(v: unknown, path: readonly string[], choices: readonly T[]): T | undefined {
    if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
    this.issues.push({
      path,
      message:
        `expected one of ${choices.map((c) => `"${c}"`).join(' | ')}, ` +
        `not ${typeof v === 'string' ? `"${v}"` : describe(v)}`,
    });
    return undefined;
  }

  integer(v: unknown, path: readonly string[], min: number, max: number): number | undefined {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    this.issues.push({ path, message: `expected a whole number from ${min} to ${max}, not ${JSON.stringify(v)}` });
    return undefined;
  }
}

const KEYS = [
  'dialect',
  'versions',
  'schema',
  'shadowUrl',
  'versionTable',
  'databaseUrlEnv',
  'defaultConnection',
  'lint',
];

function check(json: unknown): { config: StrataConfig | undefined; issues: readonly Issue[] } {
  const c = new Checker();
  const root = c.object(json, [], KEYS);
  if (!root) return { config: undefined, issues: c.issues };
  const dialect = c.oneOf(root.dialect, ['dialect'], DIALECTS);
  const versions = root.versions === undefined ? 'versions' : c.string(root.versions, ['versions']);
  const schema = root.schema === undefined ? undefined : c.string(root.schema, ['schema']);
  // strata.json holds no secrets: a password in the URL is refused, PGPASSWORD supplies it.
  const shadowUrl =
    root.shadowUrl === undefined
      ? undefined
      : c.string(root.shadowUrl, ['shadowUrl'], {
          pattern: /^postgres(ql)?:\/\/(?![^/@]*:[^/@]*@)/i,
          says: 'must be a postgres:// URL without a password (set PGPASSWORD instead)',
        });
  const versionTable =
    root.versionTable === undefined
      ? 'strata_version'
      : c.string(root.versionTable, ['versionTable'], {
          pattern: IDENTIFIER,
          says: 'must be a plain SQL identifier (letters, digits, _)',
        });
  const databaseUrlEnv =
    root.databaseUrlEnv === undefined
      ? undefined
      : c.string(root.databaseUrlEnv, ['databaseUrlEnv'], {
          pattern: IDENTIFIER,
          says: 'must be an environment variable name (letters, digits, _)',
        });
  let defaultConnection: StrataConfig['defaultConnection'];
  if (root.defaultConnection !== undefined) {
    const dc = c.object(root.defaultConnection, ['defaultConnection'], ['sqlite']);
    const sqlite = dc ? c.string(dc.sqlite, ['defaultConnection', 'sqlite']) : undefined;
    if (sqlite !== undefined) defaultConnection = { sqlite };
  }
  let lint: StrataConfig['lint'];
  if (root.lint !== undefined) {
    const l = c.object(root.lint, ['lint'], ['rules', 'postgresVersion', 'sqliteVersion']);
    if (l) {
      let rules: Record<string, RuleLevel> | undefined;
      if (l.rules !== undefined) {
        const r = c.object(l.rules, ['lint', 'rules'], Object.keys(isObject(l.rules) ? l.rules : {}));
        if (r) {
          rules = {};
          for (const [rule, level] of Object.entries(r)) {
            const ok = c.oneOf(level, ['lint', 'rules', rule], RULE_LEVELS);
            if (ok) rules[rule] = ok;
          }
        }
      }
      const postgresVersion =
        l.postgresVersion === undefined ? undefined : c.integer(l.postgresVersion, ['lint', 'postgresVersion'], 9, 99);
      const sqliteVersion =
        l.sqliteVersion === undefined
          ? undefined
          : c.string(l.sqliteVersion, ['lint', 'sqliteVersion'], {
              pattern: /^\d+\.\d+(\.\d+)?$/,
              says: 'must be a version like 3.45 or 3.45.1',
            });
      lint = {
        ...(rules !== undefined ? { rules } : {}),
        ...(postgresVersion !== undefined ? { postgresVersion } : {}),
        ...(sqliteVersion !== undefined ? { sqliteVersion } : {}),
      };
    }
  }
  if (c.issues.length > 0 || dialect === undefined || versions === undefined || versionTable === undefined)
    return { config: undefined, issues: c.issues };
  return {
    config: {
      dialect,
      versions,
      ...(schema !== undefined ? { schema } : {}),
      ...(shadowUrl !== undefined ? { shadowUrl } : {}),
      versionTable,
      ...(databaseUrlEnv !== undefined ? { databaseUrlEnv } : {}),
      ...(defaultConnection !== undefined ? { defaultConnection } : {}),
      ...(lint !== undefined ? { lint } : {}),
    },
    issues: [],
  };
}

export type ConfigResult =
  | { readonly ok: true; readonly config: StrataConfig }
  | { readonly ok: false; readonly problems: readonly ProjectProblem[] };

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of the innermost key of a path, found after its parents' keys. */
function lineOfPath(text: string, path: readonly string[]): number {
  let from = 0;
  let found = -1;
  for (const key of path) {
    // The key followed by its colon: `"dialect": "sqlite"` must not be taken for the key `sqlite`.
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`"${escaped}"\\s*:`, 'g');
    match.lastIndex = from;
    const at = match.exec(text)?.index;
    if (at === undefined) break;
    found = at;
    from = at + 1;
  }
  return found < 0 ? 1 : lineAt(text, found);
}

export function parseStrataConfig(written: string, file: string): ConfigResult {
  // A byte order mark (Windows editors write one) is accepted, as in revision files. It sits
  // before the first line, so every line reported stays where it was.
  const text = written.charCodeAt(0) === 0xfeff ? written.slice(1) : written;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : 1;
    return { ok: false, problems: [{ file, line, message: `not valid JSON: ${message}` }] };
  }
  const { config, issues } = check(json);
  if (!config) {
    return {
      ok: false,
      problems: issues.map((issue) => ({
        file,
        line: lineOfPath(text, issue.path),
        message: `${issue.path.length > 0 ? `'${issue.path.join('.')}'` : 'strata.json'}: ${issue.message}`,
      })),
    };
  }
  return { ok: true, config };
}

export function renderStrataConfig(config: StrataConfig): string {
  const ordered: Record<string, unknown> = {
    dialect: config.dialect,
    versions: config.versions,
    ...(config.schema !== undefined ? { schema: config.schema } : {}),
    ...(config.shadowUrl !== undefined ? { shadowUrl: config.shadowUrl } : {}),
    versionTable: config.versionTable,
    ...(config.databaseUrlEnv !== undefined ? { databaseUrlEnv: config.databaseUrlEnv } : {}),
    ...(config.defaultConnection !== undefined ? { defaultConnection: config.defaultConnection } : {}),
    ...(config.lint !== undefined ? { lint: config.lint } : {}),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}
