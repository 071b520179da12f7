// The rehearsal's outcome above the plan. A rehearsal in which a statement failed says so
// first, with why: the database's error, and for a lock timeout the lock it waited for and the
// sessions that held it (pid, state, query). "The observed locks match the prediction" is said
// only of a rehearsal in which every statement ran.
import type { RehearsedStatementInfo } from '../../../../shared/api/run.ts';
import { describeBlocker, LOCK_TIMEOUT_STATE } from '../../../../shared/model/blocker.ts';
import { LOCK_MODE_LABEL } from '../../../../shared/model/lock-mode.ts';
import { Spinner } from '../../../ui/index.ts';
import type { RunView } from '../store.ts';
import { formatDuration, oneLine } from '../format.ts';

/** Failed statements described in the panel; the rest are counted. */
const SHOWN_FAILURES = 3;

function waitedFor(st: RehearsedStatementInfo): string {
  const locks = st.predicted.locks.filter((l) => !l.isNew && l.kind !== 'index');
  if (locks.length === 0) return '';
  return ` waiting for ${locks.map((l) => `${LOCK_MODE_LABEL[l.mode]} on ${l.relation}`).join(', ')}`;
}

function FailedStatement({ st }: { st: RehearsedStatementInfo }) {
  const lockTimeout = st.code === LOCK_TIMEOUT_STATE;
  const sql = oneLine(st.sql);
  return (
    <li className="run-rehearsal-failure" data-testid="rehearsal-failure" data-code={st.code ?? ''}>
      <div>
        <code title={st.sql}>{sql.length > 100 ? `${sql.slice(0, 99)}…` : sql}</code>{' '}
        <span className="run-muted">
          ({st.revision.slice(0, 8)}, line {st.line})
        </span>
      </div>
      <div>
        {lockTimeout ? (
          <strong>
            Lock timeout after {formatDuration(st.durationMs)}
            {waitedFor(st)}
          </strong>
        ) : (
          <strong>Failed</strong>
        )}
        : {st.reason ?? 'no reason given'}
      </div>
      {(st.blockedBy ?? []).map((b) => (
        <div key={b.pid} className="run-rehearsal-blocker" data-testid="rehearsal-blocker" data-pid={b.pid}>
          Blocked by {describeBlocker(b)}
        </div>
      ))}
      {lockTimeout && (st.blockedBy ?? []).length === 0 && (
        <div className="run-muted">The session holding the lock had gone before it could be named.</div>
      )}
    </li>
  );
}

export function RehearsalSummary({ rehearsal }: { rehearsal: RunView['rehearsal'] }) {
  if (rehearsal === null) return null;
  if (rehearsal.state === 'running') {
    return (
      <div className="run-rehearsal" data-testid="rehearsal-summary" data-state="running">
        <Spinner /> Rehearsing: running the plan in one transaction, to be rolled back…
      </div>
    );
  }
  if (rehearsal.state === 'error') {
    return (
      <div className="run-rehearsal run-rehearsal-bad" data-testid="rehearsal-summary" data-state="error">
        Rehearsal failed: {rehearsal.message}
      </div>
    );
  }
  const r = rehearsal.result;
  const ran = r.statements.filter((s) => s.status === 'ok').length;
  const ranStatements = `${ran} ${ran === 1 ? 'statement' : 'statements'}`;
  const wasWere = ran === 1 ? 'was' : 'were';
  const failed = r.statements.filter((s) => s.status === 'failed');
  const bad = r.analyzerBugs > 0 || failed.length > 0;
  const comparison =
    r.analyzerBugs > 0
      ? `${r.analyzerBugs} ${r.analyzerBugs === 1 ? 'difference' : 'differences'} from the prediction (analyzer bugs)`
      : failed.length > 0
        ? 'locks compared only for the statements that ran'
        : 'the observed locks match the prediction';
  return (
    <div
      className={`run-rehearsal run-rehearsal-col${bad ? ' run-rehearsal-bad' : ''}`}
      data-testid="rehearsal-summary"
      data-state={failed.length > 0 ? 'failed' : 'ready'}
      data-analyzer-bugs={r.analyzerBugs}
      data-failed={r.failed}
    >
      <div>
        <strong>{failed.length > 0 ? 'Rehearsal failed' : 'Rehearsed'}</strong> on PostgreSQL {r.serverVersion}:{' '}
        {failed.length > 0 && `${failed.length} ${failed.length === 1 ? 'statement' : 'statements'} failed · `}
        {ranStatements} ran and {wasWere} rolled back
        {r.notRehearsable > 0 && ` · ${r.notRehearsable} not rehearsable (outside a transaction)`}
        {' · '}
        {comparison}
      </div>
      {failed.length > 0 && (
        <ul className="run-rehearsal-failures">
          {failed.slice(0, SHOWN_FAILURES).map((st) => (
            <FailedStatement key={`${st.revision}:${st.line}`} st={st} />
          ))}
          {failed.length > SHOWN_FAILURES && (
            <li className="run-muted">and {failed.length - SHOWN_FAILURES} more failed statements</li>
          )}
        </ul>
      )}
    </div>
  );
}
