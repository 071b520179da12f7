// A failed or cancelled run: what went wrong, what state the database was left in, and the
// failing statement in its revision's SQL with the failing lines highlighted.
import { useEffect, useMemo, useState } from 'react';
import type { RevisionDetail } from '../../../../shared/api/project.ts';
import { fileLineToModelLine, runSqlUri, SqlEditor, type LineHighlight } from '../../../editor/index.ts';
import { useStudio } from '../../../store/context.tsx';
import type { RunFailure, RunView } from '../store.ts';
import { IconClose, IconStop } from '../../../ui/index.ts';
import { capitalize, projectRelative, versionRows } from '../format.ts';
import type { InterruptedRunInfo } from '../../../../shared/api/run.ts';
import type { RunConnection } from '../use-run-connection.ts';
import { InterruptedPanel } from './InterruptedPanel.tsx';
import { RevisionLink } from './RevisionLink.tsx';
import { StatementLog } from './StatementLog.tsx';
import './failure.css';

function useRevision(id: string | null): { detail: RevisionDetail | null; error: string | null } {
  const client = useStudio((s) => s.client);
  const [state, setState] = useState<{ id: string | null; detail: RevisionDetail | null; error: string | null }>({
    id: null,
    detail: null,
    error: null,
  });
  useEffect(() => {
    if (!id) return;
    let live = true;
    client.call('revision.get', { id }).then(
      (detail) => live && setState({ id, detail, error: null }),
      (error: unknown) =>
        live && setState({ id, detail: null, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [client, id]);
  return state.id === id ? state : { detail: null, error: null };
}

function FailingSql({ run, failure, reason }: { run: RunView; failure: RunFailure; reason: string }) {
  const { detail, error } = useRevision(failure.revision);
  const language = useStudio((s) => (s.project?.dialect === 'postgres' ? 'pgsql' : 'sql'));
  const theme = useStudio((s) => s.theme);
  const section = run.direction;
  const text = detail ? (section === 'upgrade' ? detail.upgradeSql : detail.downgradeSql) : null;
  const sectionLine = detail ? (section === 'upgrade' ? detail.upgradeLine : detail.downgradeLine) : null;
  // When the file can no longer be read, show the statement the runner reported instead.
  const shown =
    text !== null && sectionLine !== null
      ? { text, first: sectionLine }
      : error && failure.statement
        ? { text: failure.statement, first: failure.line ?? 1 }
        : null;
  const highlights = useMemo<LineHighlight[]>(() => {
    if (!shown || failure.line === null) return [];
    const start = fileLineToModelLine(failure.line, shown.first);
    const span = failure.statement ? failure.statement.split('\n').length : 1;
    return [{ line: start, endLine: start + span - 1, kind: 'error', message: reason }];
  }, [shown?.first, shown?.text, failure.line, failure.statement, reason]);

  if (!shown) {
    return <div className="run-failure-sql run-muted run-failure-sql-loading">{error ?? 'Loading the revision…'}</div>;
  }
  return (
    <div className="run-failure-code">
      <div className="run-failure-code-head">
        <span className={`run-dir run-dir-${section}`}>{section === 'upgrade' ? '↑' : '↓'}</span>
        <span>{capitalize(section)} SQL</span>
        {failure.revision && <RevisionLink id={failure.revision} />}
        {failure.line !== null && <span className="run-muted">· failing statement at line {failure.line}</span>}
      </div>
      <SqlEditor
        uri={runSqlUri(run.runId ?? 'run', failure.revision ?? 'statement', section)}
        value={shown.text}
        language={language}
        theme={theme}
        readOnly
        firstLineNumber={shown.first}
        highlights={highlights}
        ariaLabel={
          `${capitalize(section)} SQL of ${failure.revision ?? 'the failing revision'}, ` +
          `failing statement highlighted`
        }
        testId="run-failure-sql"
        className="run-failure-sql"
      />
    </div>
  );
}

/** Left behind by an interrupted CONCURRENTLY command: what it is, and the SQL to clean it up. */
function Leftovers({ failure }: { failure: RunFailure }) {
  if (failure.leftovers.length === 0) return null;
  return (
    <div
      className="run-leftovers"
      data-testid="run-leftovers"
      role="group"
      aria-label="Left behind by an interrupted CONCURRENTLY command"
    >
      <div className="run-leftovers-title">
        Left behind by an interrupted CONCURRENTLY command — Strata does not run the cleanup itself:
      </div>
      {failure.leftovers.map((l) => (
        <div
          key={`${l.kind}:${l.relation}`}
          className="run-leftover"
          data-testid="run-leftover"
          data-kind={l.kind}
          data-relation={l.relation}
        >
          <div>{l.reason}</div>
          <pre className="run-leftover-sql">{l.cleanup.join('\n')}</pre>
        </div>
      ))}
    </div>
  );
}

export function FailureView({
  run,
  connection,
  singleTransaction,
  interrupted,
}: {
  run: RunView;
  connection: RunConnection;
  singleTransaction: boolean;
  interrupted: readonly InterruptedRunInfo[];
}) {
  const connectionName = connection.name;
  const projectDir = useStudio((s) => s.project?.dir);
  const failure = run.failure;
  if (!failure) {
    // The run never started (plan refused, protected connection, busy database…).
    return (
      <div className="run-failure run-failure-plain" data-testid="run-failure" role="alert">
        <div className="run-failure-title">
          <span className="run-failure-icon" aria-hidden="true">
            <IconClose width={11} height={11} />
          </span>
          {run.steps.length === 0 ? 'Could not plan this run' : 'The run did not start'}
        </div>
        <pre className="run-failure-message">{run.error ?? 'unknown error'}</pre>
        <p className="run-muted run-failure-state">Nothing was changed on {connectionName}.</p>
      </div>
    );
  }

  if (failure.cancelled) {
    return (
      <div className="run-failure-split">
        <div className="run-failure run-failure-cancelled" data-testid="run-failure" role="status">
          <div className="run-failure-title">
            <span className="run-failure-icon run-failure-icon-cancel" aria-hidden="true">
              <IconStop width={11} height={11} />
            </span>
            Run cancelled
          </div>
          <p className="run-failure-state">
            {failure.revision ? (
              <>
                <code>{failure.revision}</code> was rolled back.{' '}
              </>
            ) : null}
            {connectionName} is at <code>{versionRows(failure.rows)}</code>, with {run.done.length} of{' '}
            {run.steps.length} {run.steps.length === 1 ? 'revision' : 'revisions'} done.
          </p>
          <Leftovers failure={failure} />
        </div>
        <StatementLog
          statements={run.statements}
          output={run.output}
          steps={run.steps}
          direction={run.direction}
          emptyText="No statement ran."
        />
      </div>
    );
  }

  // The database's own words: the headline, statement and state are shown from the other fields.
  const reason = failure.reason ?? failure.message;
  const failedRevision = failure.revision ? <RevisionLink id={failure.revision} /> : 'a revision';
  const beforeLine = failure.line ?? '?';
  const where = failure.file
    ? `${projectRelative(failure.file, projectDir)}${failure.line !== null ? `:${failure.line}` : ''}`
    : null;
  return (
    <div className="run-failure-split">
      <div className="run-failure" data-testid="run-failure" role="alert">
        <div className="run-failure-title">
          <span className="run-failure-icon" aria-hidden="true">
            <IconClose width={11} height={11} />
          </span>
          <span>
            {capitalize(run.direction)} of {failedRevision} failed
          </span>
        </div>
        {where && (
          <div className="run-failure-where" title={failure.file ?? undefined}>
            {where}
          </div>
        )}
        <pre className="run-failure-message">{reason}</pre>
        {failure.rolledBack ? (
          <p className="run-failure-state run-failure-state-ok">
            {singleTransaction ? 'The whole run was' : 'This revision was'} rolled back: the database is still at{' '}
            <code>{versionRows(failure.rows)}</code>
            {!singleTransaction && run.done.length > 0 && (
              <>
                {' '}
                ({run.done.length} earlier {run.done.length === 1 ? 'revision stays' : 'revisions stay'} applied)
              </>
            )}
            .
          </p>
        ) : (
          <p className="run-failure-state run-failure-state-bad" data-testid="run-not-rolled-back">
            <strong>Not rolled back</strong> (transactional false): the statements before line {beforeLine} stay
            applied, and the version table still says <code>{versionRows(failure.rows)}</code>.
            {interrupted.length > 0 ? ' It is recorded as interrupted: choose a way out below.' : ''}
          </p>
        )}
        <Leftovers failure={failure} />
        <InterruptedPanel runs={interrupted} connection={connection} />
      </div>
      {failure.statement !== null && failure.revision !== null ? (
        <FailingSql run={run} failure={failure} reason={reason} />
      ) : (
        <StatementLog
          statements={run.statements}
          output={run.output}
          steps={run.steps}
          direction={run.direction}
          emptyText="No statement ran."
        />
      )}
    </div>
  );
}
