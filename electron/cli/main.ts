// The strata command: global options, one Command per verb, and the one place where errors
// become a message and an exit code (never a stack trace, unless STRATA_DEBUG is set).
// Nothing of the engine is imported up front: `--version`, `--help` or a mistyped option pay
// for no engine module (nor node:crypto, child_process, worker_threads that it brings); a
// command loads what it runs, and an error its classification.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ApiError, ErrorCode } from '../../shared/api/error-codes.ts';
import { didYouMean, nearest } from '../../shared/model/nearest.ts';
import { TOOL_VERSION } from '../../shared/model/tool.ts';
import { prepareArgs } from './argv.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, EXIT_FOR, type ExitCode } from './exit-codes.ts';
import { printInterrupted } from './interrupted.ts';
import { createOutput, paint, type Output } from './output.ts';

const OPTIONS = {
  project: { type: 'string' },
  url: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  message: { type: 'string', short: 'm' },
  parent: { type: 'string', multiple: true },
  'branch-label': { type: 'string', multiple: true },
  'depends-on': { type: 'string', multiple: true },
  'non-transactional': { type: 'boolean' },
  sql: { type: 'boolean' },
  'single-transaction': { type: 'boolean' },
  'lock-timeout': { type: 'string' },
  'statement-timeout': { type: 'string' },
  retries: { type: 'string' },
  'rev-range': { type: 'string', short: 'r' },
  purge: { type: 'boolean' },
  'single-head': { type: 'boolean' },
  'check-heads': { type: 'boolean' },
  dialect: { type: 'string' },
  port: { type: 'string' },
  revision: { type: 'string' },
  range: { type: 'string' },
  format: { type: 'string' },
  strict: { type: 'boolean' },
  'pg-version': { type: 'string' },
  timezone: { type: 'string' },
  transactional: { type: 'boolean' },
  'no-transactional': { type: 'boolean' },
  'lock-wait': { type: 'string' },
  'mark-applied': { type: 'boolean' },
  rollback: { type: 'boolean' },
  rerun: { type: 'boolean' },
  autogenerate: { type: 'boolean' },
  rename: { type: 'string', multiple: true },
  'rename-table': { type: 'string', multiple: true },
  'shadow-url': { type: 'string' },
  drift: { type: 'boolean' },
  check: { type: 'boolean' },
  'allow-conflicts': { type: 'boolean' },
  reconcile: { type: 'string' },
  onto: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const GLOBAL = new Set(['project', 'url', 'json', 'no-color', 'help', 'version']);

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: strata [--project DIR] [--url URL] [--json] COMMAND [ARGS]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Targets: head, heads, base, REV (id or 4+ char prefix), +N, -N, REV+N, REV-N,',
    '         LABEL@head, LABEL@base, LABEL@+N, LABEL@-N, LABEL@REV',
    'Database: --url (a SQLite path or postgres:// URL), else STRATA_DATABASE_URL, else the',
    "          project's databaseUrlEnv variable (or its .env), else the embedded SQLite default.",
    'Exit codes: 0 ok, 1 check failed, 2 usage, 3 database error, 4 project error, 130 cancelled.',
    "'strata COMMAND --help' shows a command's options.",
  ].join('\n');
}

const HELP_HINT = "'strata --help' lists the commands, 'strata COMMAND --help' a command's options";

/** A driver's or the system's error, unknown to the engine: the database's, with the driver's code. */
function unclassified(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // Connection failures and driver errors: the database, not the user's arguments.
  if (
    typeof code === 'string' ||
    /ECONNREFUSED|ENOTFOUND|timeout|database|SQLITE|password|authentication/i.test(message)
  ) {
    return { code: 'database', message: `database: ${message}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  return { code: 'database', message };
}

const LABEL: Partial<Record<ErrorCode, string>> = { 'invalid-input': 'usage', cancelled: 'cancelled' };

async function errorExit(out: Output, error: unknown): Promise<ExitCode> {
  if (process.env.STRATA_DEBUG && error instanceof Error) out.stderr.write(`${error.stack}\n`);
  const [{ classifyError, interruptedOf, problemsOf }, { locate }] = await Promise.all([
    import('../engine/usecases/errors.ts'),
    import('../engine/usecases/project.ts'),
  ]);
  const api = classifyError(error) ?? unclassified(error);
  const problems = problemsOf(api);
  const message = problems
    ? `the project has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`
    : api.message;
  out.stderr.write(`${paint(out, 'red', `${LABEL[api.code] ?? 'error'}:`)} ${message}\n`);
  for (const p of problems ?? []) out.stderr.write(`  ${locate(p)}: ${p.message}\n`);
  printInterrupted(out, interruptedOf(api) ?? []);
  return EXIT_FOR[api.code];
}

export async function main(
  argv: readonly string[],
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  let parsed;
  const early = createOutput(argv.includes('--json'), argv.includes('--no-color'));
  try {
    parsed = parseArgs({ args: prepareArgs(argv, OPTIONS), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // One line that says what was wrong, not the whole help to search it in.
    early.stderr.write(
      `${paint(early, 'red', 'usage:')} ${error instanceof Error ? error.message : String(error)}\n${HELP_HINT}\n`,
    );
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const out = createOutput(values.json === true, values['no-color'] === true);
  if (values.version === true) {
    out.stdout.write(`strata ${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const [name, ...rest] = positionals;
  if (name === undefined || name === 'help') {
    (name === undefined && values.help !== true ? out.stderr : out.stdout).write(usage() + '\n');
    return name === undefined && values.help !== true ? EXIT.usage : EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const guess = didYouMean(
      nearest(
        name,
        COMMANDS.map((c) => c.name),
      ),
    );
    out.stderr.write(
      `${paint(out, 'red', 'usage:')} unknown command '${name}'${guess ? `: ${guess}` : ''}\n${HELP_HINT}\n`,
    );
    return EXIT.usage;
  }
  const command = await entry.load();
  if (values.help === true) {
    out.stdout.write(`usage: ${command.usage}\n${entry.summary}\n`);
    return EXIT.ok;
  }
  const misplaced = Object.keys(values).filter((k) => !GLOBAL.has(k) && !command.options.includes(k));
  if (misplaced.length > 0) {
    out.stderr.write(
      `${paint(out, 'red', 'usage:')} ${entry.name} does not take ${misplaced.map((m) => `--${m}`).join(', ')}\n` +
        `usage: ${command.usage}\n`,
    );
    return EXIT.usage;
  }
  try {
    return await command.run({ out, cwd, env, options: { project: values.project, url: values.url } }, values, rest);
  } catch (error) {
    return await errorExit(out, error);
  }
}
