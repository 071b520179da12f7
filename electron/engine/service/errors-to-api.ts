// Engine errors → the contract's typed errors, with what the UI needs in `details`.
import type { ApiError } from '../../../shared/api/errors.ts';
import { ApiFailure } from '../../../shared/api/errors.ts';
import { TargetError, UnknownAppliedRevisionError } from '../graph/errors.ts';
import { ProjectLoadError, ProjectNotFoundError, ProjectWriteError } from '../project/errors.ts';
import { InterruptedRunError, PlanRejectedError, StatementFailedError } from '../runner/errors.ts';
import { interruptedInfo } from '../runner/interrupted/report.ts';

export function engineErrorToApi(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
  if (error instanceof TargetError) return { code: 'target', message: error.message, details: { candidates: error.candidates, suggestions: error.suggestions } };
  if (error instanceof ProjectLoadError) return { code: 'project', message: error.message, details: { problems: error.problems } };
  if (error instanceof ProjectNotFoundError || error instanceof ProjectWriteError || error instanceof PlanRejectedError) return { code: 'project', message: error.message };
  if (error instanceof StatementFailedError) {
    return { code: 'database', message: error.message, details: { revision: error.revision, file: error.file, line: error.line, statement: error.statement, rolledBack: error.rolledBack } };
  }
  if (error instanceof InterruptedRunError) return { code: 'database', message: error.message, details: { interrupted: error.runs.map(interruptedInfo) } };
  if (error instanceof UnknownAppliedRevisionError) return { code: 'database', message: error.message, details: { unknown: error.unknown } };
  return { code: 'database', message: error instanceof Error ? error.message : String(error) };
}
