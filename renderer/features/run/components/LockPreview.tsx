// The lock preview of one plan step: for every statement of the revision's upgrade, the
// relations it locks and in which mode, whether reads and/or writes of them wait, and whether
// it rewrites or scans the table — the analyzer's prediction, from the files alone. On a
// PostgreSQL connection each relation also shows its size, rows and the estimated lock-hold
// time (the work priced with unit costs measured on that server; waiting for the lock is not in
// it), and the sessions that would make the lock
// wait. After a rehearsal, the lock PostgreSQL actually took stands beside the prediction.
import { useEffect } from 'react';
import type {
  ConflictingSessionInfo,
  LintStatementInfo,
  LockModeName,
  RelationImpactInfo,
  RelationLockInfo,
} from '../../../../shared/api/lint.ts';
import type { PlanStepInfo } from '../../../../shared/api/common.ts';
import { LOCK_MODE_LABEL } from '../../../../shared/model/lock-mode.ts';
import type { RehearsedStatementInfo } from '../../../../shared/api/run.ts';
import { useRun, type ImpactView, type RehearsalView } from '../store.ts';
import { Spinner } from '../../../ui/index.ts';
import { useLint, useLintCommands } from '../../lint/index.ts';
import { formatBytes, formatCount, formatDuration } from '../format.ts';

function modeTone(mode: LockModeName): 'danger' | 'warning' | 'neutral' {
  if (mode === 'AccessExclusiveLock') return 'danger';
  if (mode === 'ShareLock' || mode === 'ShareRowExclusiveLock' || mode === 'ExclusiveLock') return 'warning';
  return 'neutral';
}

function blocksText(st: LintStatementInfo): string {
  if (st.blocksReads && st.blocksWrites) return 'reads + writes';
  if (st.blocksWrites) return 'writes';
  if (st.blocksReads) return 'reads';
  return 'nothing';
}

function workText(st: LintStatementInfo): string {
  if (st.rewrites) return 'rewrite';
  if (st.scans) return 'scan';
  return '—';
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function sessionsText(sessions: readonly ConflictingSessionInfo[]): string {
  return sessions
    .map(
      (x) =>
        `pid ${x.pid} ${x.granted ? 'holds' : 'waits for'} ${LOCK_MODE_LABEL[x.mode]}` +
        (x.state
          ? ` (${x.state}${x.xactAgeSeconds !== null ? `, transaction ${Math.round(x.xactAgeSeconds)} s old` : ''})`
          : '') +
        `${x.query ? `: ${x.query.slice(0, 120)}` : ''}`,
    )
    .join('\n');
}

const SIZE_TIME_HEADER =
  'Size, rows and the estimated time of the work done under the lock, waiting for the lock excluded ' +
  '(PostgreSQL connection)';

/** "1.2 MB · 40k rows · ~35 ms": what the relation weighs, and how long its lock should last. */
function SizeCell({
  impact,
  state,
  method,
}: {
  impact: RelationImpactInfo | undefined;
  state: ImpactView['state'] | null;
  method: string | null;
}) {
  if (state === 'loading') {
    return (
      <span role="cell" className="lock-size" data-testid="lock-size" data-state="loading">
        …
      </span>
    );
  }
  if (!impact) {
    return (
      <span
        role="cell"
        className="lock-size"
        data-testid="lock-size"
        title={state === null ? 'Size and estimated time need a PostgreSQL connection' : 'No size for this relation'}
      >
        —
      </span>
    );
  }
  if (impact.missing) {
    return (
      <span
        role="cell"
        className="lock-size"
        data-testid="lock-size"
        data-state="new"
        title="Not in the catalog yet: created earlier in this plan"
      >
        new
      </span>
    );
  }
  const parts = [formatBytes(impact.bytes), impact.rows === null ? 'not analyzed' : `${formatCount(impact.rows)} rows`];
  if (impact.estimatedSeconds !== null) parts.push(`~${formatDuration(impact.estimatedSeconds * 1000)}`);
  const waiting = impact.conflictingSessions.length;
  const title = [
    `${impact.work ? `${impact.work}: ` : ''}${parts.join(' · ')}`,
    impact.method ? `Estimated as ${impact.method}` : '',
    method ? `Unit costs ${method}` : '',
    waiting > 0 ? `Sessions in the way:\n${sessionsText(impact.conflictingSessions)}` : '',
  ]
    .filter((t) => t !== '')
    .join('\n\n');
  return (
    <span
      role="cell"
      className={`lock-size${waiting > 0 ? ' lock-size-blocked' : ''}`}
      data-testid="lock-size"
      data-state="ready"
      data-bytes={impact.bytes}
      data-estimated-seconds={impact.estimatedSeconds ?? ''}
      data-conflicts={waiting}
      title={title}
    >
      {waiting > 0 && <span className="lock-conflicts">⚠ {waiting} </span>}
      {parts.join(' · ')}
    </span>
  );
}

/** The lock PostgreSQL took on this relation in the rehearsal, against the prediction. */
function ObservedCell({
  rehearsed,
  lock,
}: {
  rehearsed: RehearsedStatementInfo | undefined;
  lock: RelationLockInfo | null;
}) {
  if (!rehearsed) {
    return (
      <span role="cell" className="lock-obs lock-dim" data-testid="lock-observed" data-state="none">
        —
      </span>
    );
  }
  if (rehearsed.status !== 'ok' || !rehearsed.observed) {
    return (
      <span
        role="cell"
        className="lock-obs lock-dim"
        data-testid="lock-observed"
        data-state={rehearsed.status}
        title={rehearsed.reason ?? rehearsed.status}
      >
        {rehearsed.status === 'not-rehearsable' ? 'not rehearsable' : 'failed'}
      </span>
    );
  }
  const seen = lock ? rehearsed.observed.locks.find((l) => l.relation === lock.relation) : undefined;
  // Taken by an earlier statement of the same transaction: PostgreSQL does not take it twice.
  const held =
    lock !== null && seen === undefined && rehearsed.observed.alreadyHeld.includes(`${lock.relation}:${lock.mode}`);
  const same = lock
    ? seen?.mode === lock.mode || held || (lock.isNew === true && seen === undefined)
    : rehearsed.observed.locks.length === 0;
  const text = seen ? LOCK_MODE_LABEL[seen.mode] : held ? 'already held' : lock?.isNew ? 'new' : 'none';
  return (
    <span
      role="cell"
      className={`lock-obs${same ? ' lock-obs-same' : ' lock-obs-diff'}`}
      data-testid="lock-observed"
      data-state="observed"
      data-mode={seen?.mode ?? ''}
      data-same={same}
      title={
        same
          ? 'PostgreSQL took what the analyzer predicted'
          : `Predicted ${lock ? LOCK_MODE_LABEL[lock.mode] : 'no lock'}: an analyzer bug`
      }
    >
      {same ? '✓ ' : '≠ '}
      {text}
    </span>
  );
}

function LockRow({
  st,
  lock,
  impact,
  rehearsed,
}: {
  st: LintStatementInfo;
  lock: RelationLockInfo | null;
  impact: { view: ImpactView | null; relation: RelationImpactInfo | undefined };
  rehearsed: RehearsedStatementInfo | undefined;
}) {
  const blocks = blocksText(st);
  return (
    <div
      className="lock-row"
      role="row"
      data-testid="lock-row"
      data-relation={lock?.relation ?? ''}
      data-mode={lock?.mode ?? ''}
      data-blocks={blocks}
      data-rewrites={st.rewrites}
      data-scans={st.scans}
    >
      <span role="cell" className="lock-stmt" title={st.statement}>
        <span className="lock-line">{st.line}</span> {firstLine(st.statement)}
      </span>
      <span role="cell" className="lock-rel" title={lock?.reason ?? lock?.relation ?? ''}>
        {lock ? (
          <>
            {lock.relation}
            {lock.kind !== 'table' && <span className="lock-dim"> {lock.kind}</span>}
            {lock.isNew && <span className="lock-dim"> new</span>}
            {lock.reason && <span className="lock-dim"> · {lock.reason}</span>}
          </>
        ) : (
          <span className="lock-dim">no table lock</span>
        )}
      </span>
      <span
        role="cell"
        className={`lock-mode${lock ? ` lock-mode-${modeTone(lock.mode)}` : ''}`}
        title={lock?.mode ?? ''}
      >
        {lock ? LOCK_MODE_LABEL[lock.mode] : '—'}
      </span>
      <span
        role="cell"
        className={
          `lock-blocks lock-blocks-` + `${blocks === 'nothing' ? 'none' : blocks === 'writes' ? 'writes' : 'reads'}`
        }
      >
        {blocks === 'nothing' ? '—' : `blocks ${blocks}`}
        {!st.transactional && <span className="lock-dim"> · no txn</span>}
      </span>
      <span role="cell" className={`lock-work${st.rewrites ? ' lock-work-rewrite' : ''}`}>
        {workText(st)}
      </span>
      <SizeCell
        impact={impact.relation}
        state={impact.view?.state ?? null}
        method={impact.view?.state === 'ready' ? impact.view.method : null}
      />
      <ObservedCell rehearsed={rehearsed} lock={lock} />
    </div>
  );
}

/** The rehearsal's record of this statement, when the plan has been rehearsed. */
function rehearsedOf(
  rehearsal: RehearsalView | null,
  revision: string,
  line: number,
): RehearsedStatementInfo | undefined {
  return rehearsal?.state === 'ready'
    ? rehearsal.result.statements.find((x) => x.revision === revision && x.line === line)
    : undefined;
}

export function LockPreview({ step, load }: { step: PlanStepInfo; load: boolean }) {
  const entry = useLint((s) => s.revisionLints[step.revision]);
  const { loadRevisionLint } = useLintCommands();
  const impact = useRun((s) => s.run?.impact ?? null);
  const rehearsal = useRun((s) => s.run?.rehearsal ?? null);
  const upgrade = step.direction === 'upgrade';
  useEffect(() => {
    if (load && upgrade && entry === undefined) void loadRevisionLint(step.revision);
  }, [load, upgrade, entry, step.revision, loadRevisionLint]);

  if (!upgrade) {
    return (
      <div className="lock-preview lock-preview-note" data-testid="lock-preview" data-state="downgrade">
        Lock preview covers upgrade sections only.
      </div>
    );
  }
  if (entry === undefined || entry.state === 'loading') {
    return (
      <div className="lock-preview lock-preview-note" data-testid="lock-preview" data-state="loading" aria-busy="true">
        {load ? (
          <>
            <Spinner /> Predicting locks…
          </>
        ) : (
          <button type="button" className="lock-load" onClick={() => void loadRevisionLint(step.revision)}>
            Preview locks
          </button>
        )}
      </div>
    );
  }
  if (entry.state === 'error') {
    return (
      <div className="lock-preview lock-preview-note lock-preview-error" data-testid="lock-preview" data-state="error">
        {entry.message}
      </div>
    );
  }
  const { statements } = entry.lint;
  const relations = impact?.state === 'ready' ? (impact.byRevision[step.revision] ?? []) : [];
  const sized = (
    lock: RelationLockInfo | null,
  ): { view: ImpactView | null; relation: RelationImpactInfo | undefined } => ({
    view: impact,
    relation: lock ? relations.find((r) => r.relation === lock.relation) : undefined,
  });
  const bugs =
    rehearsal?.state === 'ready'
      ? rehearsal.result.statements.filter((x) => x.revision === step.revision && x.differences.length > 0)
      : [];
  return (
    <div
      className="lock-preview"
      role="table"
      aria-label={`Lock preview of ${step.revision}`}
      data-testid="lock-preview"
      data-state="ready"
      data-revision={step.revision}
    >
      <div className="lock-row lock-head" role="row">
        <span role="columnheader">statement</span>
        <span role="columnheader">table</span>
        <span role="columnheader">lock</span>
        <span role="columnheader">blocks</span>
        <span role="columnheader">work</span>
        <span role="columnheader" title={SIZE_TIME_HEADER}>
          size · time
        </span>
        <span role="columnheader" title="The lock PostgreSQL took in the rehearsal">
          observed
        </span>
      </div>
      {statements.length === 0 && (
        <div className="lock-row" role="row">
          <span role="cell" className="lock-dim">
            no statements
          </span>
        </div>
      )}
      {statements.map((st) => {
        const rehearsed = rehearsedOf(rehearsal, step.revision, st.line);
        return st.locks.length === 0
          ? [<LockRow key={`${st.line}`} st={st} lock={null} impact={sized(null)} rehearsed={rehearsed} />]
          : st.locks.map((l) => (
              <LockRow key={`${st.line}:${l.relation}`} st={st} lock={l} impact={sized(l)} rehearsed={rehearsed} />
            ));
      })}
      {relations.some((r) => r.estimatedSeconds !== null) && (
        <div className="lock-row lock-note" role="row" data-testid="lock-estimate-note">
          <span role="cell" className="lock-note-text">
            Times are the work done under each lock, priced with unit costs measured once on this server (hover a time
            for its terms); waiting to get the lock is not included.
          </span>
        </div>
      )}
      {bugs.map((b) => (
        <div key={`bug:${b.line}`} className="lock-row lock-bug" role="row" data-testid="lock-analyzer-bug">
          <span role="cell" className="lock-bug-text">
            analyzer bug at line {b.line}: {b.differences.join('; ')}
          </span>
        </div>
      ))}
    </div>
  );
}
