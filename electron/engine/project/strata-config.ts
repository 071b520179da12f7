// strata.json: where the revisions live, which dialect, the version table, the default
// connection. Plain JSON; errors name the line so a person can fix the file.
import { z } from 'zod';
import type { ProjectProblem } from './errors.ts';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier (letters, digits, _)');

export const strataConfigSchema = z
  .object({
    dialect: z.enum(['sqlite', 'postgres']),
    versions: z.string().min(1).default('versions'),
    schema: z.string().min(1).optional(),
    versionTable: identifier.default('strata_version'),
    databaseUrlEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    defaultConnection: z.object({ sqlite: z.string().min(1) }).strict().optional(),
    // Lock-risk lint: rule levels, and the server version to lint for (default 18).
    lint: z
      .object({
        rules: z.record(z.string(), z.enum(['off', 'info', 'warning', 'error'])).optional(),
        postgresVersion: z.number().int().min(9).max(99).optional(),
        sqliteVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type StrataConfig = z.infer<typeof strataConfigSchema>;

export type ConfigResult = { readonly ok: true; readonly config: StrataConfig } | { readonly ok: false; readonly problems: readonly ProjectProblem[] };

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineOfKey(text: string, key: string | number | symbol | undefined): number {
  if (typeof key !== 'string') return 1;
  // The key followed by its colon: `"dialect": "sqlite"` must not be taken for the key `sqlite`.
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`"${escaped}"\\s*:`).exec(text)?.index;
  return at === undefined ? 1 : lineAt(text, at);
}

export function parseStrataConfig(text: string, file: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : 1;
    return { ok: false, problems: [{ file, line, message: `not valid JSON: ${message}` }] };
  }
  const parsed = strataConfigSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = issue.path.length > 0 ? issue.path[issue.path.length - 1] : (issue as { keys?: string[] }).keys?.[0];
        const where = issue.path.length > 0 ? `'${issue.path.join('.')}'` : 'strata.json';
        return { file, line: lineOfKey(text, key), message: `${where}: ${issue.message}` };
      }),
    };
  }
  return { ok: true, config: parsed.data };
}

export function renderStrataConfig(config: StrataConfig): string {
  const ordered: Record<string, unknown> = {
    dialect: config.dialect,
    versions: config.versions,
    ...(config.schema !== undefined ? { schema: config.schema } : {}),
    versionTable: config.versionTable,
    ...(config.databaseUrlEnv !== undefined ? { databaseUrlEnv: config.databaseUrlEnv } : {}),
    ...(config.defaultConnection !== undefined ? { defaultConnection: config.defaultConnection } : {}),
    ...(config.lint !== undefined ? { lint: config.lint } : {}),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}
