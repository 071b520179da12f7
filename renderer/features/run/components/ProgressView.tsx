// A run in progress (or just finished): how far it got, what runs now, and the statements.
import { useEffect, useState } from 'react';
import type { RunView } from '../store.ts';
import { formatDuration } from '../format.ts';
import { RevisionLink } from './RevisionLink.tsx';
import { StatementLog } from './StatementLog.tsx';
import './progress.css';

function useElapsed(running: boolean): number {
  const [started] = useState(() => performance.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(timer);
  }, [running]);
  return now - started;
}

export function ProgressBar({ done, total, state }: { done: number; total: number; state: 'running' | 'done' }) {
  const pct = total === 0 ? (state === 'done' ? 100 : 0) : Math.round((done / total) * 100);
  return (
    <div
      className={`run-bar run-bar-${state}`}
      data-testid="run-progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${total} revisions`}
    >
      <div className="run-bar-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}

export function ProgressView({ run }: { run: RunView }) {
  const running = run.phase === 'running' || run.phase === 'starting';
  const elapsed = useElapsed(running);
  const current = run.current ? run.steps.find((s) => s.revision === run.current) : undefined;
  return (
    <div className="run-progress">
      <div className="run-progress-head">
        <ProgressBar done={run.done.length} total={run.steps.length} state="running" />
        <span className="run-progress-count">
          {run.done.length} / {run.steps.length}
        </span>
        <span className="run-progress-current" data-testid="run-current">
          {run.phase === 'starting' ? (
            <span className="run-muted">Starting: taking the run lock…</span>
          ) : current ? (
            <>
              <span className={`run-dir run-dir-${current.direction}`}>
                {current.direction === 'upgrade' ? '↑' : '↓'}
              </span>
              <RevisionLink id={current.revision} />
              <span className="run-progress-msg">{current.message}</span>
            </>
          ) : (
            <span className="run-muted">Between revisions…</span>
          )}
        </span>
        <span className="run-elapsed" title="elapsed">
          {formatDuration(elapsed)}
        </span>
      </div>
      <StatementLog
        statements={run.statements}
        output={run.output}
        steps={run.steps}
        direction={run.direction}
        emptyText="Waiting for the first statement…"
      />
    </div>
  );
}
