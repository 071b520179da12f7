// Running the user's own alembic: the command they configured (strata.alembic.json
// "command"), else the project's virtualenv, else `alembic` on PATH, else `python3 -m
// alembic`; in the project folder, with `-c alembic.ini`. Output streams to the caller as it
// comes; a timeout and a cancel stop its whole process group (TERM, then KILL). A missing alembic or database
// driver is a message saying what to install or configure, never a Python traceback.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { AlembicProject } from '../project/project.ts';
import { SETTINGS_FILE } from './settings.ts';

export const DEFAULT_TIMEOUT_SECONDS = 300;

/** Why alembic could not do what was asked, in words a person acts on. */
export class AlembicCommandError extends Error {
  constructor(
    readonly reason: 'missing' | 'driver' | 'timeout' | 'cancelled' | 'failed',
    message: string,
    readonly output: string = '',
  ) {
    super(message);
    this.name = 'AlembicCommandError';
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && executable(join(dir, name))) return join(dir, name);
  return undefined;
}

/** The argv that runs alembic for this project. */
export function alembicArgv(project: AlembicProject, env: NodeJS.ProcessEnv = process.env): string[] {
  if (project.settings.command) return [...project.settings.command];
  for (const venv of ['.venv', 'venv']) {
    const python = join(project.config.dir, venv, 'bin', 'python');
    if (executable(python)) return [python, '-m', 'alembic'];
  }
  const alembic = onPath('alembic', env);
  return alembic ? [alembic] : ['python3', '-m', 'alembic'];
}

export interface AlembicRunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Each chunk of output as it comes. */
  readonly onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  readonly timeoutMs?: number;
}

export interface AlembicRunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** `alembic -c INI [-n SECTION] ARGS` in the project folder; rejects with an AlembicCommandError unless it exits 0. */
export function runAlembic(
  project: AlembicProject,
  args: readonly string[],
  options: AlembicRunOptions = {},
): Promise<AlembicRunResult> {
  const env = options.env ?? process.env;
  const [program, ...lead] = alembicArgv(project, env) as [string, ...string[]];
  const config = project.config.iniFile ? ['-c', project.config.iniFile] : [];
  const section = project.config.section !== 'alembic' ? ['-n', project.config.section] : [];
  const argv = [...lead, ...config, ...section, ...args];
  const shown = `${[program, ...lead].join(' ')} ${args.join(' ')}`;
  const timeoutMs = options.timeoutMs ?? (project.settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return new Promise((done, fail) => {
    // Its own process group: a cancel stops alembic and whatever it started (a wrapper such as
    // `poetry run`, a subprocess of env.py), and a Ctrl-C of the CLI reaches it only through us.
    const child = spawn(program, argv, {
      cwd: project.config.dir,
      env: { ...env, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const signalGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };
    let stdout = '';
    let stderr = '';
    let stopped: 'timeout' | 'cancelled' | undefined;
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (stopped) return;
      stopped = why;
      signalGroup('SIGTERM');
      // A migration stuck in a C call may ignore TERM: KILL follows.
      setTimeout(() => signalGroup('SIGKILL'), 3000).unref();
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('cancelled');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk, 'stdout');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.(chunk, 'stderr');
    });
    const finish = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      fail(
        error.code === 'ENOENT'
          ? missing(program, shown)
          : new AlembicCommandError('failed', `${shown}: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      finish();
      if (stopped === 'timeout')
        fail(
          new AlembicCommandError(
            'timeout',
            `${shown} did not finish within ${Math.round(timeoutMs / 1000)} ` +
              `s and was stopped (timeoutSeconds in ${SETTINGS_FILE})`,
            stderr,
          ),
        );
      else if (stopped === 'cancelled') fail(new AlembicCommandError('cancelled', `${shown} was cancelled`, stderr));
      else if (code !== 0) fail(explain(program, shown, stderr, stdout));
      else done({ stdout, stderr });
    });
  });
}

function missing(program: string, shown: string): AlembicCommandError {
  return new AlembicCommandError(
    'missing',
    `alembic cannot be run: '${program}' was not found (${shown}). ` +
      `Install alembic (pip install alembic, or apt-get install python3-alembic) ` +
      `or set "command" in ${SETTINGS_FILE}, e.g. [".venv/bin/python", "-m", "alembic"]`,
  );
}

/** A failed run, said in one sentence: what is missing, else alembic's own FAILED line or the last error line. */
function explain(program: string, shown: string, stderr: string, stdout: string): AlembicCommandError {
  const module = /No module named '?([A-Za-z0-9_.]+)'?/.exec(stderr)?.[1];
  if (module === 'alembic') {
    return new AlembicCommandError(
      'missing',
      `alembic is not installed for ${program} (${shown}: No module named alembic). ` +
        `Install it, or set "command" in ${SETTINGS_FILE} to the Python that has it`,
      stderr,
    );
  }
  if (
    module &&
    /^(psycopg2|psycopg|asyncpg|pg8000|pysqlite2|sqlite3|MySQLdb|pymysql)$/.test(module.split('.')[0] as string)
  ) {
    return new AlembicCommandError(
      'driver',
      `the database driver '${module}' is not installed for ${program}: ` +
        `alembic needs it for this database (install it in the same Python, ` +
        `e.g. apt-get install python3-psycopg2 or pip install ${module})`,
      stderr,
    );
  }
  // alembic prints its FAILED line on stdout, its log on stderr.
  const failed = /^FAILED: (.*)$/m.exec(stdout)?.[1] ?? /^FAILED: (.*)$/m.exec(stderr)?.[1];
  // A traceback ends with the exception's line, then SQLAlchemy's [SQL: …] and "(Background on
  // this error…)" lines: the exception says what went wrong.
  const raised = [...stderr.matchAll(/^[A-Za-z_][\w.]*(?:Error|Exception)\b: (.*)$/gm)].pop()?.[0];
  const last =
    stderr
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .pop() ??
    stdout.trim().split('\n').pop() ??
    '';
  return new AlembicCommandError('failed', `${shown} failed: ${failed ?? raised ?? last}`, stderr);
}
