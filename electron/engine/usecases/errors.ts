// Engine errors → the contract's error codes, in one place: the service returns them through
// every door, and the CLI takes its exit codes from them (electron/cli/exit-codes.ts). Each
// code carries in `details` what a door needs to show more than the message (the problems of
// a broken project, the interrupted runs that stopped a run). Loads no zod.
import { ApiFailure, type ApiError } from '../../../shared/api/error-codes.ts';
import type { InterruptedRunInfo } from '../../../shared/api/run.ts';
import { AlembicCommandError } from '../alembic/command.ts';
import { AlembicDatabaseMismatchError } from '../alembic/database-env.ts';
import { RunLockTimeoutError } from '../dialects/dialect.ts';
import { TargetError, UnknownAppliedRevisionError } from '../graph/errors.ts';
import { ProjectLoadError, ProjectNotFoundError, ProjectWriteError, type ProjectProblem } from '../project/errors.ts';
import {
  ConcurrentChangeError,
  InterruptedRunError,
  PlanRejectedError,
  ResolveRefusedError,
  RunCancelledError,
  StatementFailedError,
} from '../runner/errors.ts';
import { interruptedInfo } from '../runner/interrupted/report.ts';
import { InvalidRequestError } from './invalid-request.ts';

export { InvalidRequestError };

/** The contract's error for an error the engine knows; undefined for anything else (a driver's error, a bug). */
export function classifyError(error: unknown): ApiError | undefined {
  if (error instanceof AlembicCommandError) {
    const code =
      error.reason === 'cancelled'
        ? 'cancelled'
        : error.reason === 'missing' || error.reason === 'driver'
          ? 'unsupported'
          : 'project';
    return { code, message: error.message };
  }
  if (error instanceof ApiFailure)
    return {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  if (error instanceof InvalidRequestError || error instanceof AlembicDatabaseMismatchError)
    return { code: 'invalid-input', message: error.message };
  if (error instanceof TargetError)
    return {
      code: 'target',
      message: error.message,
      details: { candidates: error.candidates, suggestions: error.suggestions },
    };
  if (error instanceof ProjectLoadError)
    return { code: 'project', message: error.message, details: { problems: error.problems } };
  if (error instanceof ProjectNotFoundError || error instanceof ProjectWriteError || error instanceof PlanRejectedError)
    return { code: 'project', message: error.message };
  if (error instanceof RunCancelledError) return { code: 'cancelled', message: error.message };
  if (error instanceof StatementFailedError) {
    return {
      code: 'database',
      message: error.message,
      details: {
        revision: error.revision,
        file: error.file,
        line: error.line,
        statement: error.statement,
        rolledBack: error.rolledBack,
      },
    };
  }
  if (error instanceof InterruptedRunError)
    return { code: 'database', message: error.message, details: { interrupted: error.runs.map(interruptedInfo) } };
  if (error instanceof UnknownAppliedRevisionError)
    return { code: 'database', message: error.message, details: { unknown: error.unknown } };
  if (
    error instanceof ConcurrentChangeError ||
    error instanceof RunLockTimeoutError ||
    error instanceof ResolveRefusedError
  )
    return { code: 'database', message: error.message };
  return undefined;
}

/** Every error as the contract's: what the engine does not know is the database's (a driver's error). */
export function engineErrorToApi(error: unknown): ApiError {
  return classifyError(error) ?? { code: 'database', message: error instanceof Error ? error.message : String(error) };
}

/** The problems of a project that does not load, as `project` errors carry them. */
export function problemsOf(error: ApiError): readonly ProjectProblem[] | undefined {
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return error.code === 'project' && Array.isArray(problems) ? (problems as ProjectProblem[]) : undefined;
}

/** The interrupted runs that stopped a run before it began, as `database` errors carry them. */
export function interruptedOf(error: ApiError): readonly InterruptedRunInfo[] | undefined {
  const interrupted = (error.details as { interrupted?: unknown } | undefined)?.interrupted;
  return error.code === 'database' && Array.isArray(interrupted) ? (interrupted as InterruptedRunInfo[]) : undefined;
}
