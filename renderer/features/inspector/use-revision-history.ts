// A revision's run history on the active connection (database.history). Asked again when
// the selection or connection changes, when the connection's status is refreshed (the
// service refreshes it after every run) and when a run in the console finishes.
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { historyEntry } from '../../../shared/api/connections.ts';
import { useStudio } from '../../store/context.tsx';
import { useRun } from '../run/index.ts';

export type HistoryEntry = z.infer<typeof historyEntry>;

export interface RevisionHistory {
  readonly entries: readonly HistoryEntry[] | null;
  readonly error: string | null;
  readonly loading: boolean;
}

export function useRevisionHistory(revision: string, connectionId: string | null): RevisionHistory {
  const client = useStudio((s) => s.client);
  const status = useStudio((s) => (connectionId ? s.statuses[connectionId] : undefined));
  const finishedRun = useRun((s) =>
    s.run && (s.run.phase === 'done' || s.run.phase === 'failed') ? (s.run.runId ?? 'finished') : null,
  );
  const key = `${connectionId ?? ''}/${revision}`;
  // Answers are kept with the question they answer, so another revision's rows never show.
  const [state, setState] = useState<RevisionHistory & { readonly key: string }>({
    key,
    entries: null,
    error: null,
    loading: false,
  });
  const statusStamp = status === 'loading' ? null : (status?.checkedAt ?? 'none');

  useEffect(() => {
    if (!connectionId || statusStamp === null) return;
    let live = true;
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, entries: null, error: null, loading: true }));
    client.call('database.history', { connectionId, revision }).then(
      (entries) => {
        if (live)
          setState({
            key,
            entries: [...entries].sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
            error: null,
            loading: false,
          });
      },
      (error: unknown) => {
        if (live)
          setState({
            key,
            entries: null,
            error: error instanceof Error ? error.message : String(error),
            loading: false,
          });
      },
    );
    return () => {
      live = false;
    };
  }, [client, connectionId, revision, key, statusStamp, finishedRun]);

  return state.key === key ? state : { entries: null, error: null, loading: true };
}
