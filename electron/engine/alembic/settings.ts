// strata.alembic.json beside alembic.ini: what strata cannot read from an Alembic project
// without running Python, declared by the user instead of guessed — the dialect to lint for,
// how to run their alembic, the version table when env.py computes it, and the values of
// revision variables a module computes (`branch_labels = (SHARED_LABEL,)`), per file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectLoadError } from '../project/errors.ts';
import type { RevisionField } from './revision-module.ts';

export const SETTINGS_FILE = 'strata.alembic.json';

export type DeclaredValue = string | readonly string[] | null;

export interface AlembicSettings {
  readonly dialect?: 'sqlite' | 'postgres' | undefined;
  /** The command that runs alembic, as argv (default: `python3 -m alembic`). */
  readonly command?: readonly string[] | undefined;
  /** Seconds an alembic command may take before it is stopped (default 300). */
  readonly timeoutSeconds?: number | undefined;
  readonly versionTable?: string | undefined;
  readonly databaseUrlEnv?: string | undefined;
  /** Path of a revision file relative to the project folder → the values its module computes. */
  readonly declare: Readonly<Record<string, Partial<Record<RevisionField, DeclaredValue>>>>;
}

const KEYS = ['dialect', 'command', 'timeoutSeconds', 'versionTable', 'databaseUrlEnv', 'declare'];
const FIELDS = ['revision', 'down_revision', 'branch_labels', 'depends_on'];

export function readAlembicSettings(dir: string): AlembicSettings {
  const file = join(dir, SETTINGS_FILE);
  if (!existsSync(file)) return { declare: {} };
  const fail = (message: string): never => {
    throw new ProjectLoadError([{ file, line: 0, message }]);
  };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('must hold a JSON object');
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KEYS.includes(key)) fail(`unknown key '${key}' (known: ${KEYS.join(', ')})`);
  if (o.dialect !== undefined && o.dialect !== 'sqlite' && o.dialect !== 'postgres')
    fail(`dialect must be "sqlite" or "postgres"`);
  if (
    o.command !== undefined &&
    !(Array.isArray(o.command) && o.command.length > 0 && o.command.every((c) => typeof c === 'string' && c !== ''))
  ) {
    fail('command must be a non-empty list of strings, e.g. [".venv/bin/python", "-m", "alembic"]');
  }
  if (o.timeoutSeconds !== undefined && !(typeof o.timeoutSeconds === 'number' && o.timeoutSeconds > 0))
    fail('timeoutSeconds must be a positive number');
  for (const key of ['versionTable', 'databaseUrlEnv'])
    if (o[key] !== undefined && !(typeof o[key] === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(o[key])))
      fail(`${key} must be a plain identifier`);
  const declare: Record<string, Partial<Record<RevisionField, DeclaredValue>>> = {};
  if (o.declare !== undefined) {
    if (typeof o.declare !== 'object' || o.declare === null || Array.isArray(o.declare))
      fail('declare must map revision files to their values');
    for (const [path, values] of Object.entries(o.declare as Record<string, unknown>)) {
      if (typeof values !== 'object' || values === null || Array.isArray(values))
        fail(`declare["${path}"] must be an object`);
      const entry: Partial<Record<RevisionField, DeclaredValue>> = {};
      for (const [field, value] of Object.entries(values as Record<string, unknown>)) {
        if (!FIELDS.includes(field))
          fail(`declare["${path}"].${field}: not a revision variable (${FIELDS.join(', ')})`);
        const ok =
          value === null ||
          typeof value === 'string' ||
          (Array.isArray(value) && value.every((v) => typeof v === 'string'));
        if (!ok || (field === 'revision' && typeof value !== 'string'))
          fail(
            `declare["${path}"].${field} must be ` +
              `${field === 'revision' ? 'a string' : 'a string, a list of strings or null'}`,
          );
        entry[field as RevisionField] = value as DeclaredValue;
      }
      declare[path.replaceAll('\\', '/')] = entry;
    }
  }
  return {
    dialect: o.dialect as AlembicSettings['dialect'],
    command: o.command as string[] | undefined,
    timeoutSeconds: o.timeoutSeconds as number | undefined,
    versionTable: o.versionTable as string | undefined,
    databaseUrlEnv: o.databaseUrlEnv as string | undefined,
    declare,
  };
}
