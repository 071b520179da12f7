// The one table: each failure of a command becomes a contract error code (the engine's
// classification, which the studio's doors return too) and exits with that code's number.
// The numbers are the ones scripts and CI have always seen: never renumbered.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/api/error-codes.ts';
import { asRevisionId } from '../../shared/model/revision.ts';
import { RunLockTimeoutError } from '../engine/dialects/dialect.ts';
import { MultipleHeadsError, UnknownAppliedRevisionError, UnknownRevisionError } from '../engine/graph/errors.ts';
import { ProjectLoadError, ProjectNotFoundError, ProjectWriteError } from '../engine/project/errors.ts';
import {
  ConcurrentChangeError,
  PlanRejectedError,
  ResolveRefusedError,
  RunCancelledError,
  StatementFailedError,
} from '../engine/runner/errors.ts';
import { classifyError, engineErrorToApi } from '../engine/usecases/errors.ts';
import { UnknownOptionError } from './argv.ts';
import { EXIT, EXIT_FOR, UsageError } from './exit-codes.ts';

const rev = asRevisionId('a1b2c3d4e5f6');

const FAILURES: readonly [string, unknown, number][] = [
  ['a usage error', new UsageError('revision needs a message'), 2],
  ['an unknown option', new UnknownOptionError('--jsno', ['--json']), 2],
  ['an unknown target', new UnknownRevisionError('ffff'), 2],
  ['several heads', new MultipleHeadsError('head', [rev]), 2],
  ['a broken project', new ProjectLoadError([{ file: 'versions/x.sql', line: 2, message: 'bad' }]), 4],
  ['no project', new ProjectNotFoundError('/nowhere'), 4],
  ['a file that cannot be written', new ProjectWriteError('/p/strata.json', 'it already exists'), 4],
  ['a plan that cannot run as written', new PlanRejectedError('no downgrade section'), 4],
  [
    'a failed statement',
    new StatementFailedError(rev, 'upgrade', 'x.sql', 3, 'SELECT x', 'no such column', true, []),
    3,
  ],
  ['rows the project does not know', new UnknownAppliedRevisionError(['ffffffffffff']), 3],
  ['a change by another runner', new ConcurrentChangeError(rev, 'is already applied'), 3],
  ['the run lock held too long', new RunLockTimeoutError(undefined, 1000), 3],
  ['a refused resolve', new ResolveRefusedError('nothing to resolve'), 3],
  ['a cancelled run', new RunCancelledError(rev, []), 130],
];

describe('exit codes from the contract error codes', () => {
  for (const [name, error, exit] of FAILURES) {
    it(`${name} exits ${exit}`, () => {
      const api = classifyError(error);
      expect(api, name).toBeDefined();
      if (api) expect(EXIT_FOR[api.code]).toBe(exit);
    });
  }

  it("what the engine does not know is the database's, as it always was", () => {
    expect(classifyError(new Error('connect ECONNREFUSED'))).toBeUndefined();
    expect(engineErrorToApi(new Error('connect ECONNREFUSED'))).toEqual({
      code: 'database',
      message: 'connect ECONNREFUSED',
    });
    expect(EXIT_FOR.database).toBe(EXIT.database);
  });

  it('every code of the contract has an exit code', () => {
    expect(Object.keys(EXIT_FOR).sort()).toEqual([...ERROR_CODES].sort());
  });
});
