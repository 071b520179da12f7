// A transactional false revision cut off half way on this connection: each statement beside
// what the database holds now, the SQL that would take the leftovers back, and the three ways
// out. Nothing else runs on the connection until one is taken; the rollback SQL is shown
// first and runs only after a confirmation.
import { useState } from 'react';
import type { InterruptedRunInfo } from '../../../../shared/api/run.ts';
import { useStudio } from '../../../store/context.tsx';
import { useRun, type ResolveAction } from '../store.ts';
import { useRunCommands } from '../use-run-commands.ts';
import { Badge, Button, ConfirmDialog, IconRefresh, TextField, type Tone } from '../../../ui/index.ts';
import { capitalize } from '../format.ts';
import type { RunConnection } from '../use-run-connection.ts';
import { RevisionLink } from './RevisionLink.tsx';
import './interrupted.css';

const STATUS: Record<InterruptedRunInfo['statements'][number]['status'], { text: string; tone: Tone }> = {
  done: { text: 'done', tone: 'success' },
  interrupted: { text: 'cut off', tone: 'danger' },
  stopped: { text: 'stopped', tone: 'danger' },
  running: { text: 'still running', tone: 'warning' },
  'not-started': { text: 'not run', tone: 'neutral' },
};

const ADVICE: Record<InterruptedRunInfo['advice'], string> = {
  'mark-applied': 'Everything the revision does is in the database: mark it applied.',
  rerun: 'Nothing of the revision is in the database: run it again.',
  'rollback-then-rerun': 'Part of the revision is in the database: roll the leftovers back, then run it again.',
  wait: 'The server is still working on it: wait for that to end before deciding.',
};

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

function Run({ run, connection }: { run: InterruptedRunInfo; connection: RunConnection }) {
  const resolution = useRun((s) => s.resolution);
  const { resolveInterrupted: resolve } = useRunCommands();
  const refreshStatus = useStudio((s) => s.refreshStatus);
  const [confirming, setConfirming] = useState(false);
  const [typedName, setTypedName] = useState('');
  const busy = run.busy.length > 0;
  const confirmed = !connection.protected || typedName === connection.databaseName;
  const mine = resolution?.revision === run.revision ? resolution : null;
  const take = (action: ResolveAction): void =>
    void resolve(run.revision, action, connection.protected ? typedName : undefined);
  const advised = (action: ResolveAction): boolean =>
    run.advice === action || (run.advice === 'rollback-then-rerun' && action === 'rollback');
  const progress = run.progress ? `${run.progress.done} of ${run.progress.total} statements done` : 'progress unknown';
  const disabled = busy || !confirmed || mine?.state === 'running';
  return (
    <section
      className="run-interrupted"
      data-testid="run-interrupted"
      data-revision={run.revision}
      data-advice={run.advice}
      aria-label={`Interrupted ${run.direction} of ${run.revision}`}
    >
      <div className="run-interrupted-title">
        <Badge tone="danger" solid>
          interrupted
        </Badge>
        <span>
          {capitalize(run.direction)} of <RevisionLink id={run.revision} /> was cut off half way
        </span>
      </div>
      <p className="run-muted run-interrupted-when">
        Started {when(run.startedAt)} by {run.user}@{run.host}; {progress}
        {run.progress?.stopped ? ` (${run.progress.stopped})` : ''}. It runs outside a transaction, so nothing rolled it
        back. Nothing runs on {connection.name} until you choose a way out.
      </p>
      <ol className="run-interrupted-statements">
        {run.statements.map((s) => (
          <li
            key={s.line}
            className={`run-interrupted-statement is-${s.status}`}
            data-testid="run-interrupted-statement"
            data-status={s.status}
          >
            <span className="run-interrupted-line">line {s.line}</span>
            <Badge tone={STATUS[s.status].tone}>{STATUS[s.status].text}</Badge>
            <code className="run-interrupted-sql">{s.sql.split('\n')[0]}</code>
            <span className="run-interrupted-finding">{s.finding}</span>
          </li>
        ))}
      </ol>
      {busy ? (
        <div className="run-interrupted-busy" role="status" data-testid="run-interrupted-busy">
          {run.busy
            .map(
              (b) =>
                `Server process ${b.pid} is still working on line ${b.line}, though the runner that sent it is gone.`,
            )
            .join(' ')}{' '}
          Deciding now would race it.
          <Button size="sm" icon={<IconRefresh />} onClick={() => void refreshStatus(connection.info?.id ?? '')}>
            Check again
          </Button>
        </div>
      ) : (
        <p className="run-interrupted-advice" data-testid="run-interrupted-advice">
          {ADVICE[run.advice]}
        </p>
      )}
      {run.cannotRollback.length > 0 && (
        <ul className="run-interrupted-notes">
          {run.cannotRollback.map((c) => (
            <li key={c}>Not taken back: {c}</li>
          ))}
        </ul>
      )}
      {connection.protected && (
        <TextField
          label={`${connection.name} is protected: type ${connection.databaseName} to confirm`}
          value={typedName}
          onChange={(e) => setTypedName(e.target.value)}
          data-testid="run-interrupted-confirm-name"
        />
      )}
      <div className="run-interrupted-actions">
        <Button
          size="sm"
          variant={advised('mark-applied') ? 'primary' : 'default'}
          disabled={disabled}
          busy={mine?.state === 'running' && mine.action === 'mark-applied'}
          data-testid="resolve-mark-applied"
          onClick={() => take('mark-applied')}
          title="Record the step as done, as if it had ended: the version table moves on"
        >
          Mark applied
        </Button>
        {run.rollback.length > 0 && (
          <Button
            size="sm"
            variant={advised('rollback') ? 'primary' : 'default'}
            disabled={disabled}
            busy={mine?.state === 'running' && mine.action === 'rollback'}
            data-testid="resolve-rollback"
            onClick={() => setConfirming(true)}
            title="Run the SQL that takes back what the revision left; the next run starts it afresh"
          >
            Roll back leftovers…
          </Button>
        )}
        <Button
          size="sm"
          variant={advised('rerun') ? 'primary' : 'default'}
          disabled={disabled}
          busy={mine?.state === 'running' && mine.action === 'rerun'}
          data-testid="resolve-rerun"
          onClick={() => take('rerun')}
          title="Leave the database as it is; the next run starts the revision from its first statement"
        >
          Run again from the start
        </Button>
      </div>
      {mine?.state === 'error' && (
        <pre className="run-failure-message" role="alert" data-testid="run-interrupted-error">
          {mine.message}
        </pre>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Roll back what ${run.revision} left on ${connection.name}?`}
        confirmLabel={`Run ${run.rollback.length} ${run.rollback.length === 1 ? 'statement' : 'statements'}`}
        tone="danger"
        busy={mine?.state === 'running'}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          take('rollback');
        }}
      >
        <p>These statements run one at a time, in this order:</p>
        <pre className="run-leftover-sql" data-testid="resolve-rollback-sql">
          {run.rollback.map((sql) => `${sql};`).join('\n')}
        </pre>
      </ConfirmDialog>
    </section>
  );
}

export function InterruptedPanel({
  runs,
  connection,
}: {
  runs: readonly InterruptedRunInfo[];
  connection: RunConnection;
}) {
  if (runs.length === 0) return null;
  return (
    <div className="run-interrupted-list" data-testid="run-interrupted-list">
      {runs.map((run) => (
        <Run key={`${run.revision}:${run.startedAt}`} run={run} connection={connection} />
      ))}
    </div>
  );
}
