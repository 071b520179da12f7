// The last run on a connection, read back from its history table: what the console shows after
// a reload (the streamed run is gone with the page, the rows stay). A run is the rows that
// share its run id; a row from before run ids were recorded (an older Strata, an offline script)
// stands alone. Pure.
import type { HistoryEntryInfo } from '../../../shared/api/connections.ts';

export type LastRunOutcome = HistoryEntryInfo['outcome'];

export interface LastRun {
  readonly runId: string | null;
  readonly direction: HistoryEntryInfo['direction'];
  readonly startedAt: string;
  readonly by: string;
  readonly outcome: LastRunOutcome;
  readonly durationMs: number;
  readonly steps: readonly HistoryEntryInfo[];
}

/** The worst outcome of a run's steps: one failed or cancelled step is the run's outcome. */
const SEVERITY: Readonly<Record<LastRunOutcome, number>> = {
  applied: 0,
  aborted: 1,
  started: 2,
  cancelled: 3,
  failed: 4,
};

export function lastRunOf(rows: readonly HistoryEntryInfo[]): LastRun | null {
  const last = rows.reduce<HistoryEntryInfo | undefined>((a, r) => (a === undefined || r.id > a.id ? r : a), undefined);
  if (!last) return null;
  const runId = last.runId ?? null;
  const steps = runId === null ? [last] : rows.filter((r) => r.runId === runId).sort((a, b) => a.id - b.id);
  const first = steps[0] ?? last;
  const outcome = steps.reduce<LastRunOutcome>(
    (worst, s) => (SEVERITY[s.outcome] > SEVERITY[worst] ? s.outcome : worst),
    'applied',
  );
  return {
    runId,
    direction: first.direction,
    startedAt: first.startedAt,
    by: `${first.user}@${first.host}`,
    outcome,
    durationMs: steps.reduce((sum, s) => sum + (s.durationMs ?? 0), 0),
    steps,
  };
}
