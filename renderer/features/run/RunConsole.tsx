// The run console (bottom): the plan before anything runs, then the run as it streams, then
// its outcome. Keyboard: every action is a button in tab order; Escape closes a finished run.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useStudio } from '../../store/context.tsx';
import {
  Badge,
  Button,
  IconArrowDown,
  IconArrowUp,
  IconClose,
  IconRefresh,
  IconShield,
  IconStep,
  IconStop,
  Spinner,
  StatusDot,
} from '../../ui/index.ts';
import { reachability } from '../../store/connections-slice.ts';
import type { InterruptedRunInfo } from '../../../shared/api/run.ts';
import { useRun, type RunView } from './store.ts';
import { useRunCommands } from './use-run-commands.ts';
import { DoneView } from './components/DoneView.tsx';
import { FailureView } from './components/FailureView.tsx';
import { InterruptedPanel } from './components/InterruptedPanel.tsx';
import { LastRunView } from './components/LastRunView.tsx';
import { PlanView } from './components/PlanView.tsx';
import { ProgressView } from './components/ProgressView.tsx';
import { capitalize } from './format.ts';
import { useRunConnection, type RunConnection } from './use-run-connection.ts';
import './run.css';

type Status = { readonly text: string; readonly tone: 'muted' | 'accent' | 'ok' | 'bad' | 'warn' };

function statusOf(run: RunView): Status {
  switch (run.phase) {
    case 'planning':
      return { text: 'Planning…', tone: 'muted' };
    case 'planned':
      return run.steps.length === 0
        ? { text: 'Up to date', tone: 'ok' }
        : { text: `Ready · ${run.steps.length} ${run.steps.length === 1 ? 'step' : 'steps'}`, tone: 'accent' };
    case 'starting':
      return { text: 'Starting…', tone: 'accent' };
    case 'running':
      return { text: `Running · ${run.done.length}/${run.steps.length}`, tone: 'accent' };
    case 'done':
      return { text: 'Done', tone: 'ok' };
    case 'failed':
      return run.failure?.cancelled ? { text: 'Cancelled', tone: 'warn' } : { text: 'Failed', tone: 'bad' };
  }
}

function isFinished(run: RunView | null): boolean {
  return run !== null && (run.phase === 'done' || run.phase === 'failed');
}

/** Escape closes a finished run, unless something else (a dialog, the palette, an input elsewhere) has it. */
function useEscapeToClose(run: RunView | null, root: RefObject<HTMLElement | null>): void {
  const { closeRun } = useRunCommands();
  const paletteOpen = useStudio((s) => s.paletteOpen);
  const finished = isFinished(run);
  useEffect(() => {
    if (!finished || paletteOpen) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest('[role="dialog"], [aria-modal="true"]')) return;
      const editable = target?.matches('input, textarea, select, [contenteditable="true"]') ?? false;
      if (editable && !root.current?.contains(target)) return;
      closeRun();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [finished, paletteOpen, closeRun, root]);
}

function Hint() {
  const connection = useStudio((s) => s.connections.find((c) => c.id === s.activeConnectionId));
  return (
    <div className="run-hint" data-testid="run-hint">
      <span className="run-hint-icon" aria-hidden="true">
        ▷
      </span>
      <div>
        <div className="run-hint-title">No run</div>
        <div className="run-muted">
          To migrate, pick a target on the graph: Strata shows the plan here before anything runs
          {connection ? (
            <>
              {' '}
              on <strong>{connection.name}</strong>
            </>
          ) : null}
          , and you can run it whole or step by step.
        </div>
      </div>
    </div>
  );
}

function ConnectionChip({ connection }: { connection: RunConnection }) {
  const kind = useStudio((s) => reachability(connection.info ? s.statuses[connection.info.id] : undefined));
  return (
    <span
      className={`run-conn${connection.protected ? ' run-conn-protected' : ''}`}
      data-testid="run-connection"
      title={connection.info ? `${connection.info.settings.kind} · ${connection.databaseName}` : undefined}
    >
      <StatusDot
        className="run-conn-dot"
        data-testid="run-connection-dot"
        data-state={kind}
        state={kind === 'reachable' ? 'ok' : kind === 'unreachable' ? 'error' : 'loading'}
        label={kind}
      />
      {connection.name}
      {connection.protected && (
        <Badge tone="danger" solid icon={<IconShield />}>
          protected
        </Badge>
      )}
    </span>
  );
}

const NONE: readonly InterruptedRunInfo[] = [];

/** Revisions cut off half way on the connection: the status says, or a refused run does. */
function useInterrupted(connectionId: string | null, run: RunView | null): readonly InterruptedRunInfo[] {
  const status = useStudio((s) => (connectionId ? s.statuses[connectionId] : undefined));
  const fromStatus = status && status !== 'loading' && status.reachable ? status.interrupted : NONE;
  return fromStatus.length > 0 ? fromStatus : (run?.failure?.interrupted ?? NONE);
}

export function RunConsole() {
  const run = useRun((s) => s.run);
  const activeConnectionId = useStudio((s) => s.activeConnectionId);
  const { start, cancel, closeRun, preview, rehearse, loadLastRun } = useRunCommands();
  const lastRun = useRun((s) => s.lastRun);
  const statusChecked = useStudio((s) => {
    const st = activeConnectionId ? s.statuses[activeConnectionId] : undefined;
    return st && st !== 'loading' ? st.checkedAt : null;
  });
  const root = useRef<HTMLDivElement>(null);
  const connection = useRunConnection(run?.connectionId ?? activeConnectionId ?? '');
  const interrupted = useInterrupted(run?.connectionId ?? activeConnectionId, run);
  const [typedName, setTypedName] = useState('');
  const [singleTransaction, setSingleTransaction] = useState(false);
  const [lockTimeout, setLockTimeout] = useState('');
  const [retries, setRetries] = useState('');
  const [stepped, setStepped] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  useEscapeToClose(run, root);

  // No run on screen (a reload, a run closed): the last one is read back from the history
  // table, again whenever the connection's status is (a run ended, another tool ran).
  const showsRun = run !== null;
  useEffect(() => {
    if (!showsRun && activeConnectionId && statusChecked) void loadLastRun();
  }, [showsRun, activeConnectionId, statusChecked, loadLastRun]);

  // A new plan (another target or connection) starts with a clean form.
  const planKey = run ? `${run.connectionId}|${run.direction}|${run.target}` : '';
  useEffect(() => {
    setTypedName('');
    setSingleTransaction(false);
    setLockTimeout('');
    setRetries('');
  }, [planKey]);
  useEffect(() => {
    if (run?.phase !== 'running' && run?.phase !== 'starting') setCancelling(false);
  }, [run?.phase]);

  if (!run) {
    const last = lastRun?.state === 'ready' && lastRun.connectionId === activeConnectionId ? lastRun.run : null;
    return (
      <div className="run" data-testid="run-console" ref={root}>
        {interrupted.length > 0 ? (
          <InterruptedPanel runs={interrupted} connection={connection} />
        ) : last ? (
          <LastRunView last={last} connectionName={connection.name} />
        ) : (
          <Hint />
        )}
      </div>
    );
  }

  const status = statusOf(run);
  // Nothing runs over a revision cut off half way: the run buttons wait for a way out.
  // A protected downgrade waits for the unlock too (offered beside the typed name).
  const unlockedIfNeeded = !connection.protected || run.direction === 'upgrade' || connection.info?.unlocked === true;
  const confirmed =
    (!connection.protected || typedName === connection.databaseName) && unlockedIfNeeded && interrupted.length === 0;
  const hasNonTransactional = run.steps.some((s) => !s.transactional);
  const postgres = connection.info?.settings.kind === 'postgres';
  const go = (maxSteps?: number): void => {
    setStepped(maxSteps !== undefined);
    void start({
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      ...(connection.protected ? { confirmDatabaseName: typedName } : {}),
      singleTransaction: singleTransaction && !hasNonTransactional,
      ...(postgres && lockTimeout.trim() !== '' ? { lockTimeout: lockTimeout.trim() } : {}),
      ...(postgres && lockTimeout.trim() !== '' && retries !== '' ? { retries: Number(retries) } : {}),
    });
  };
  const arrow = run.direction === 'upgrade' ? '↑' : '↓';

  return (
    <div className="run" data-testid="run-console" data-phase={run.phase} ref={root}>
      <div className="run-toolbar">
        <span className={`run-dir run-dir-${run.direction} run-toolbar-dir`} aria-hidden="true">
          {arrow}
        </span>
        <span className="run-toolbar-title">
          {capitalize(run.direction)} to <code>{run.target}</code>
        </span>
        <ConnectionChip connection={connection} />
        <span className={`run-status run-status-${status.tone}`} data-testid="run-status">
          {(run.phase === 'planning' || run.phase === 'starting' || run.phase === 'running') && <Spinner />}
          {status.text}
        </span>
        <span className="run-spacer" />
        {run.phase === 'planned' && run.steps.length > 0 && (
          <>
            <label
              className={`run-check${hasNonTransactional ? ' run-check-disabled' : ''}`}
              title={
                hasNonTransactional
                  ? 'A step runs outside a transaction, so the run cannot be one transaction'
                  : 'Run every step in one transaction: all or nothing'
              }
            >
              <input
                type="checkbox"
                checked={singleTransaction && !hasNonTransactional}
                disabled={hasNonTransactional}
                onChange={(e) => setSingleTransaction(e.target.checked)}
              />
              One transaction
            </label>
            {postgres && (
              <label className="run-check" title="How long a statement may wait for its lock (as --lock-timeout)">
                lock_timeout
                <input
                  className="run-guard-input"
                  data-testid="run-lock-timeout"
                  placeholder="5s"
                  value={lockTimeout}
                  onChange={(e) => setLockTimeout(e.target.value)}
                />
              </label>
            )}
            {postgres && (
              <label
                className={`run-check${lockTimeout.trim() === '' ? ' run-check-disabled' : ''}`}
                title="Run again after a lock timeout, at most this many times (as --retries)"
              >
                retries
                <input
                  className="run-guard-input run-guard-count"
                  data-testid="run-retries"
                  type="number"
                  min={0}
                  max={99}
                  placeholder="0"
                  disabled={lockTimeout.trim() === ''}
                  value={retries}
                  onChange={(e) => setRetries(e.target.value)}
                />
              </label>
            )}
            {run.direction === 'upgrade' && postgres && (
              <Button
                size="sm"
                data-testid="run-rehearse"
                busy={run.rehearsal?.state === 'running'}
                disabled={!confirmed || run.rehearsal?.state === 'running'}
                onClick={() => void rehearse(connection.protected ? typedName : undefined)}
                title={
                  'Run the plan in one transaction that is rolled back, ' +
                  'and show the locks PostgreSQL takes beside the predicted ones (it holds them for that moment)'
                }
              >
                Rehearse
              </Button>
            )}
            <Button
              size="sm"
              icon={<IconStep />}
              data-testid="run-step"
              disabled={!confirmed}
              onClick={() => go(1)}
              title="Run only the first step of the plan"
            >
              Step one
            </Button>
            <Button
              size="sm"
              variant="primary"
              icon={run.direction === 'upgrade' ? <IconArrowUp /> : <IconArrowDown />}
              data-testid="run-start"
              disabled={!confirmed}
              onClick={() => go()}
              title={
                confirmed
                  ? `Run all ${run.steps.length} steps`
                  : unlockedIfNeeded
                    ? `Type ${connection.databaseName} to confirm`
                    : 'Unlock downgrade on this protected connection first'
              }
            >
              {run.steps.length === 1 ? 'Run' : `Run ${run.steps.length} steps`}
            </Button>
          </>
        )}
        {(run.phase === 'running' || run.phase === 'starting') && (
          <Button
            size="sm"
            variant="danger"
            icon={<IconStop />}
            data-testid="run-cancel"
            busy={cancelling}
            disabled={run.runId === null}
            onClick={() => {
              setCancelling(true);
              void cancel();
            }}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
        {run.phase === 'done' && stepped && (
          <Button
            size="sm"
            icon={<IconRefresh />}
            data-testid="run-plan-rest"
            onClick={() => void preview(run.direction, run.target)}
            title="Plan the remaining steps to the same target"
          >
            Plan the rest
          </Button>
        )}
        {run.phase === 'failed' && (
          <Button
            size="sm"
            icon={<IconRefresh />}
            data-testid="run-replan"
            onClick={() => void preview(run.direction, run.target)}
            title="Plan again from the database's current state"
          >
            Plan again
          </Button>
        )}
        {run.phase !== 'running' && run.phase !== 'starting' && (
          <Button
            size="sm"
            variant="ghost"
            icon={<IconClose />}
            data-testid="run-close"
            onClick={closeRun}
            title={isFinished(run) ? 'Close (Esc)' : 'Close'}
          >
            Close
          </Button>
        )}
      </div>
      <div className="run-body">
        {run.phase === 'planning' ? (
          <div className="run-empty run-muted">
            Planning {run.direction} to <code>{run.target}</code> on {connection.name}…
          </div>
        ) : interrupted.length > 0 &&
          (run.phase === 'planned' || (run.phase === 'failed' && !run.failure?.statement)) ? (
          <InterruptedPanel runs={interrupted} connection={connection} />
        ) : run.phase === 'planned' ? (
          <PlanView run={run} connection={connection} typedName={typedName} onTypedName={setTypedName} />
        ) : run.phase === 'starting' || run.phase === 'running' ? (
          <ProgressView run={run} />
        ) : run.phase === 'done' ? (
          <DoneView run={run} connectionName={connection.name} />
        ) : (
          <FailureView
            run={run}
            connection={connection}
            singleTransaction={singleTransaction}
            interrupted={interrupted}
          />
        )}
      </div>
    </div>
  );
}
