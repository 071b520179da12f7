// The plan, before anything runs: every step in order, and for a protected connection the
// database name to type, and under each step its lock preview. Nothing here touches the database.
import type { PlanStepInfo } from '../../../../shared/api/common.ts';
import type { RunView } from '../store.ts';
import type { RunConnection } from '../use-run-connection.ts';
import { useState } from 'react';
import { Badge, Button, IconAlert, IconUnlock } from '../../../ui/index.ts';
import { useRunCommands } from '../use-run-commands.ts';
import { LockPreview } from './LockPreview.tsx';
import { RehearsalSummary } from './RehearsalSummary.tsx';
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

/**
 * A protected connection: the database name typed before any change, and for a downgrade the
 * unlock offered right here (the same name unlocks it for the session), not only in the left bar.
 */
function ProtectedConfirm(props: {
  readonly direction: RunView['direction'];
  readonly connection: RunConnection;
  readonly typedName: string;
  readonly onTypedName: (name: string) => void;
}) {
  const { connection, direction } = props;
  const { unlockDowngrade } = useRunCommands();
  const [unlocking, setUnlocking] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const locked = direction === 'downgrade' && connection.info?.unlocked !== true;
  const typed = props.typedName === connection.databaseName;
  const unlock = async (): Promise<void> => {
    setUnlocking(true);
    setRefusal(await unlockDowngrade(props.typedName));
    setUnlocking(false);
  };
  return (
    <div className="run-protect" role="group" aria-label="Confirm protected connection" data-testid="run-protect">
      <IconAlert className="ui-icon run-protect-icon" />
      <div className="run-protect-text">
        <strong>{connection.name}</strong> is protected.{' '}
        {locked ? (
          <>
            Downgrades are refused until the connection is unlocked for this session: type the database name{' '}
            <code>{connection.databaseName}</code>, then unlock and run.
          </>
        ) : (
          <>
            {direction === 'downgrade' && 'Downgrade is unlocked for this session. '}
            Type the database name <code>{connection.databaseName}</code> to confirm.
          </>
        )}
        {refusal && (
          <div className="run-protect-refusal" role="alert" data-testid="run-unlock-error">
            {refusal}
          </div>
        )}
      </div>
      <input
        className={`ui-input run-input${typed ? ' run-input-ok' : ''}`}
        data-testid="confirm-db-name"
        aria-label={`Type ${connection.databaseName} to confirm`}
        placeholder={connection.databaseName}
        spellCheck={false}
        autoComplete="off"
        value={props.typedName}
        onChange={(e) => props.onTypedName(e.target.value)}
      />
      {locked && (
        <Button
          size="sm"
          variant="danger"
          icon={<IconUnlock />}
          data-testid="run-unlock"
          busy={unlocking}
          disabled={!typed || unlocking}
          onClick={() => void unlock()}
          title={
            typed
              ? 'Allow downgrades on this protected connection until Strata is closed'
              : `Type ${connection.databaseName} first`
          }
        >
          Unlock downgrade
        </Button>
      )}
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
        <ProtectedConfirm
          direction={run.direction}
          connection={connection}
          typedName={props.typedName}
          onTypedName={props.onTypedName}
        />
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
