// The connection's last run, as its history table recorded it: shown when no run is on screen,
// so a reload of the page (or another window) still says how the last run ended.
import { useMemo } from 'react';
import { useStudio } from '../../../store/context.tsx';
import { Badge } from '../../../ui/index.ts';
import type { LastRun } from '../last-run.ts';
import { capitalize, formatDuration } from '../format.ts';
import { RevisionLink } from './RevisionLink.tsx';

const OUTCOME_TEXT: Readonly<Record<LastRun['outcome'], string>> = {
  applied: 'applied',
  failed: 'failed',
  cancelled: 'cancelled',
  started: 'interrupted',
  aborted: 'aborted',
};

function tone(outcome: LastRun['outcome']): 'success' | 'danger' | 'warning' {
  return outcome === 'applied' ? 'success' : outcome === 'failed' ? 'danger' : 'warning';
}

export function LastRunView({ last, connectionName }: { last: LastRun; connectionName: string }) {
  const revisions = useStudio((s) => s.graph?.revisions);
  const messages = useMemo(() => new Map((revisions ?? []).map((r) => [r.id, r.message])), [revisions]);
  const messageOf = (id: string): string => messages.get(id) ?? '';
  const count = last.steps.length;
  return (
    <div className="run-last" data-testid="run-last" data-outcome={last.outcome} data-run-id={last.runId ?? ''}>
      <div className="run-last-head">
        <strong>Last run</strong> on {connectionName}:{' '}
        {last.direction === 'stamp' ? 'stamp' : capitalize(last.direction)} of {count}{' '}
        {count === 1 ? 'revision' : 'revisions'}
        <Badge tone={tone(last.outcome)} data-testid="run-last-outcome">
          {OUTCOME_TEXT[last.outcome]}
        </Badge>
        <span className="run-muted">
          {new Date(last.startedAt).toLocaleString()} · {formatDuration(last.durationMs)} · by {last.by}
          {last.runId === null && ' · recorded before run ids were kept: this step alone'}
        </span>
      </div>
      <div className="run-plan-scroll">
        <table className="run-plan-table">
          <tbody>
            {last.steps.map((s, i) => (
              <tr key={s.id} data-testid="run-last-step" data-revision={s.revision} data-outcome={s.outcome}>
                <td className="run-num">{i + 1}</td>
                <td>
                  <span className={`run-dir run-dir-${s.direction}`} title={s.direction}>
                    {s.direction === 'upgrade' ? '↑' : s.direction === 'downgrade' ? '↓' : '·'}
                  </span>
                </td>
                <td className="run-id-cell">
                  <RevisionLink id={s.revision} />
                </td>
                <td className="run-plan-msg" title={s.error ?? undefined}>
                  {messageOf(s.revision)}
                  {s.error && <span className="run-last-error"> · {s.error}</span>}
                </td>
                <td className={`run-last-outcome run-last-outcome-${tone(s.outcome)}`}>{OUTCOME_TEXT[s.outcome]}</td>
                <td className="run-stmt-ms">{formatDuration(s.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
