// A finished run: what it did, where the database is now, and the statements it ran.
import type { RunView } from '../store.ts';
import { useStudio } from '../../../store/context.tsx';
import { IconCheck } from '../../../ui/index.ts';
import { capitalize, formatDuration, versionRows } from '../format.ts';
import { ProgressBar } from './ProgressView.tsx';
import { StatementLog } from './StatementLog.tsx';

export function DoneView({ run, connectionName }: { run: RunView; connectionName: string }) {
  const status = useStudio((s) => s.statuses[run.connectionId]);
  const rows = status && status !== 'loading' && status.reachable ? status.rows : null;
  const count = run.done.length;
  const verb = run.direction === 'upgrade' ? 'Upgraded' : 'Downgraded';
  return (
    <div className="run-progress">
      <div className="run-done" data-testid="run-done" role="status">
        <span className="run-done-icon" aria-hidden="true">
          <IconCheck width={12} height={12} />
        </span>
        <span className="run-done-text">
          {count === 0 ? (
            <>Nothing to do: {connectionName} was already there.</>
          ) : (
            <>
              {verb} {count} {count === 1 ? 'revision' : 'revisions'} in {formatDuration(run.durationMs ?? 0)}
              {rows && (
                <span className="run-muted">
                  {' '}
                  · {connectionName} is now at <code>{versionRows(rows)}</code>
                </span>
              )}
            </>
          )}
        </span>
        <span className="run-spacer" />
        <ProgressBar done={count} total={Math.max(count, run.steps.length)} state="done" />
      </div>
      <StatementLog
        statements={run.statements}
        output={run.output}
        steps={run.steps}
        direction={run.direction}
        emptyText={`${capitalize(run.direction)} ran no statements.`}
      />
    </div>
  );
}
