// The plan, before anything runs: every step in order, and for a protected connection the
// database name to type, and under each step its lock preview. Nothing here touches the database.
import type { PlanStepInfo } from '../../../../shared/api/common.ts';
import type { RunView } from '../store.ts';
import type { RunConnection } from '../use-run-connection.ts';
import { Badge, IconAlert, Spinner } from '../../../ui/index.ts';
import { LockPreview } from './LockPreview.tsx';
import { RevisionLink } from './RevisionLink.tsx';

/** Steps whose lock preview loads by itself; further ones load on request. */
const AUTO_PREVIEW = 100;

function StepRow({ step, index }: { step: PlanStepInfo; index: number }) {
  return (
    <>
      <tr data-testid="run-plan-step" data-revision={step.revision}>
        <td className="run-num">{index + 1}</td>
        <td>
          <span className={`run-dir run-dir-${step.direction}`} title={step.direction}>
            {step.direction === 'upgrade' ? '↑' : '↓'}
          </span>
        </td>
        <td className="run-id-cell">
          <RevisionLink id={step.revision} />
        </td>
        <td className="run-plan-msg">{step.message}</td>
        <td className="run-plan-flags">
          {!step.transactional && (
            <Badge
              tone="warning"
              title="transactional false: runs outside a transaction, and a failure is not rolled back"
            >
              no transaction
            </Badge>
          )}
        </td>
      </tr>
      <tr className="run-plan-locks">
        <td />
        <td colSpan={4}>
          <LockPreview step={step} load={index < AUTO_PREVIEW} />
        </td>
      </tr>
    </>
  );
}

/** One line on the rehearsal: how it went, and whether prediction and observation agreed. */
function RehearsalSummary({ rehearsal }: { rehearsal: RunView['rehearsal'] }) {
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
  const bad = r.analyzerBugs > 0 || r.failed > 0;
  return (
    <div
      className={`run-rehearsal${bad ? ' run-rehearsal-bad' : ''}`}
      data-testid="rehearsal-summary"
      data-state="ready"
      data-analyzer-bugs={r.analyzerBugs}
      data-failed={r.failed}
    >
      <strong>Rehearsed</strong> on PostgreSQL {r.serverVersion}: {ranStatements} ran and {wasWere} rolled back
      {r.notRehearsable > 0 && ` · ${r.notRehearsable} not rehearsable (outside a transaction)`}
      {r.failed > 0 && ` · ${r.failed} failed`}
      {' · '}
      {r.analyzerBugs === 0
        ? 'the observed locks match the prediction'
        : `${r.analyzerBugs} ${r.analyzerBugs === 1 ? 'difference' : 'differences'} ` +
          `from the prediction (analyzer bugs)`}
    </div>
  );
}

export function PlanView(props: {
  readonly run: RunView;
  readonly connection: RunConnection;
  readonly typedName: string;
  readonly onTypedName: (name: string) => void;
}) {
  const { run, connection } = props;
  const nonTransactional = run.steps.filter((s) => !s.transactional).length;
  const revisions = run.steps.length === 1 ? 'revision' : 'revisions';
  return (
    <div className="run-plan" data-testid="run-plan">
      {connection.protected && run.steps.length > 0 && (
        <div className="run-protect" role="group" aria-label="Confirm protected connection">
          <IconAlert className="ui-icon run-protect-icon" />
          <div className="run-protect-text">
            <strong>{connection.name}</strong> is protected.{' '}
            {run.direction === 'downgrade'
              ? 'Downgrades are refused unless the connection is unlocked for this session. '
              : ''}
            Type the database name <code>{connection.databaseName}</code> to confirm.
          </div>
          <input
            className={`ui-input run-input${props.typedName === connection.databaseName ? ' run-input-ok' : ''}`}
            data-testid="confirm-db-name"
            aria-label={`Type ${connection.databaseName} to confirm`}
            placeholder={connection.databaseName}
            spellCheck={false}
            autoComplete="off"
            value={props.typedName}
            onChange={(e) => props.onTypedName(e.target.value)}
          />
        </div>
      )}
      {run.steps.length === 0 ? (
        <div className="run-empty">
          Nothing to run: <strong>{connection.name}</strong> is already at <code>{run.target}</code>.
        </div>
      ) : (
        <>
          <RehearsalSummary rehearsal={run.rehearsal} />
          <div className="run-plan-summary">
            {run.steps.length} {revisions} to {run.direction}, in this order
            {nonTransactional > 0 && <span className="run-warn-text"> · {nonTransactional} outside a transaction</span>}
          </div>
          <div className="run-plan-scroll">
            <table className="run-plan-table">
              <tbody>
                {run.steps.map((step, i) => (
                  <StepRow key={`${step.revision}:${step.direction}`} step={step} index={i} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
