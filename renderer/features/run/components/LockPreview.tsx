// The lock preview of one plan step: for every statement of the revision's upgrade, the
// relations it locks and in which mode, whether reads and/or writes of them wait, and whether
// it rewrites or scans the table — the analyzer's prediction, from the files alone. Size and
// estimated time need a live catalog and show "—" until a connection provides them.
import { useEffect } from 'react';
import type { LintStatementInfo, LockModeName, RelationLockInfo } from '../../../../shared/api/lint.ts';
import type { PlanStepInfo } from '../../../../shared/api/common.ts';
import { useStudio } from '../../../store/context.tsx';
import { Spinner } from '../../../ui/index.ts';

/** PostgreSQL's documentation names, for people. */
const MODE_LABEL: Record<LockModeName, string> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

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

function LockRow({ st, lock }: { st: LintStatementInfo; lock: RelationLockInfo | null }) {
  const blocks = blocksText(st);
  return (
    <div className="lock-row" role="row" data-testid="lock-row" data-relation={lock?.relation ?? ''} data-mode={lock?.mode ?? ''} data-blocks={blocks} data-rewrites={st.rewrites} data-scans={st.scans}>
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
      <span role="cell" className={`lock-mode${lock ? ` lock-mode-${modeTone(lock.mode)}` : ''}`} title={lock?.mode ?? ''}>
        {lock ? MODE_LABEL[lock.mode] : '—'}
      </span>
      <span role="cell" className={`lock-blocks lock-blocks-${blocks === 'nothing' ? 'none' : blocks === 'writes' ? 'writes' : 'reads'}`}>
        {blocks === 'nothing' ? '—' : `blocks ${blocks}`}
        {!st.transactional && <span className="lock-dim"> · no txn</span>}
      </span>
      <span role="cell" className={`lock-work${st.rewrites ? ' lock-work-rewrite' : ''}`}>{workText(st)}</span>
      <span role="cell" className="lock-size" data-testid="lock-size" title="Size and estimated time need a live catalog">
        —
      </span>
    </div>
  );
}

export function LockPreview({ step, load }: { step: PlanStepInfo; load: boolean }) {
  const entry = useStudio((s) => s.revisionLints[step.revision]);
  const loadRevisionLint = useStudio((s) => s.loadRevisionLint);
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
  return (
    <div className="lock-preview" role="table" aria-label={`Lock preview of ${step.revision}`} data-testid="lock-preview" data-state="ready" data-revision={step.revision}>
      <div className="lock-row lock-head" role="row">
        <span role="columnheader">statement</span>
        <span role="columnheader">table</span>
        <span role="columnheader">lock</span>
        <span role="columnheader">blocks</span>
        <span role="columnheader">work</span>
        <span role="columnheader" title="Size and estimated lock-hold time (live connection)">size · time</span>
      </div>
      {statements.length === 0 && (
        <div className="lock-row" role="row">
          <span role="cell" className="lock-dim">no statements</span>
        </div>
      )}
      {statements.map((st) => (st.locks.length === 0 ? [<LockRow key={`${st.line}`} st={st} lock={null} />] : st.locks.map((l) => <LockRow key={`${st.line}:${l.relation}`} st={st} lock={l} />)))}
    </div>
  );
}
