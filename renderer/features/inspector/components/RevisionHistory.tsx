// Every time this revision was run on the active connection: direction, outcome, when, how
// long, who and with which tool. Newest first.
import type { RevisionDetail } from '../../../../shared/api/project.ts';
import { useStudio } from '../../../store/context.tsx';
import { editedSinceApplied } from '../applied.ts';
import { AppliedDiff } from './AppliedDiff.tsx';
import { Badge, Spinner, type Tone } from '../../../ui/index.ts';
import { formatAgo, formatDate, formatDuration } from '../format.ts';
import { useRevisionHistory, type HistoryEntry } from '../use-revision-history.ts';

const OUTCOME_TONE: Record<HistoryEntry['outcome'], Tone> = {
  applied: 'success',
  failed: 'danger',
  cancelled: 'warning',
  started: 'danger',
  aborted: 'neutral',
};

const DIRECTION_ICON: Record<HistoryEntry['direction'], string> = { upgrade: '↑', downgrade: '↓', stamp: '⊙' };

function HistoryRow({ entry, checksum }: { entry: HistoryEntry; checksum: string }) {
  const changed =
    entry.checksum !== null &&
    entry.outcome === 'applied' &&
    entry.direction === 'upgrade' &&
    entry.checksum !== checksum;
  return (
    <li className={`insp-hist-row insp-hist-${entry.outcome}`}>
      <div className="insp-hist-main">
        <span className={`insp-dir insp-dir-${entry.direction}`} aria-hidden="true">
          {DIRECTION_ICON[entry.direction]}
        </span>
        <span className="insp-hist-direction">{entry.direction}</span>
        <Badge tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome}</Badge>
        {changed && (
          <Badge tone="warning" title={`Applied with checksum ${entry.checksum}; the file now has ${checksum}`}>
            edited since
          </Badge>
        )}
        <span className="insp-spacer" />
        <span className="insp-hist-duration">{formatDuration(entry.durationMs)}</span>
        <time className="insp-hist-time" dateTime={entry.startedAt} title={formatDate(entry.startedAt)}>
          {formatAgo(entry.startedAt)}
        </time>
      </div>
      <div className="insp-hist-sub">
        <span title="user@host">
          {entry.user}@{entry.host}
        </span>
        <span className="insp-dot">·</span>
        <span title="tool version">
          {/^\d/.test(entry.toolVersion) ? `strata ${entry.toolVersion}` : entry.toolVersion}
        </span>
      </div>
      {entry.error && (
        <pre className="insp-hist-error" title={entry.error}>
          {entry.error}
        </pre>
      )}
    </li>
  );
}

export function RevisionHistoryView({ detail }: { detail: RevisionDetail }) {
  const { id: revision, checksum } = detail;
  const connectionId = useStudio((s) => s.activeConnectionId);
  const connection = useStudio((s) => s.connections.find((c) => c.id === s.activeConnectionId));
  const { entries, error, loading } = useRevisionHistory(revision, connectionId);
  const edited = entries ? editedSinceApplied(entries, checksum) : undefined;
  return (
    <section className="insp-history" data-testid="revision-history" aria-busy={loading}>
      <div className="insp-section-head">
        <h3>History</h3>
        {connection && (
          <span
            className={`insp-conn${connection.protected ? ' insp-conn-protected' : ''}`}
            title={connection.protected ? 'protected connection' : undefined}
          >
            on {connection.name}
          </span>
        )}
        <span className="insp-spacer" />
        {loading && <Spinner label="Loading history" />}
      </div>
      {!connectionId ? (
        <p className="insp-empty-line">No connection: add one to see where this revision ran.</p>
      ) : error ? (
        <p className="insp-empty-line insp-error-text">{error}</p>
      ) : entries === null ? (
        <p className="insp-empty-line">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="insp-empty-line">Never run on this connection.</p>
      ) : (
        <>
          {edited && <AppliedDiff entry={edited} detail={detail} />}
          <ol className="insp-hist-list">
            {entries.map((e) => (
              <HistoryRow key={e.id} entry={e} checksum={checksum} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
