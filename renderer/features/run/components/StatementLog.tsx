// Statements as they stream in, grouped under their revision, each with its duration.
// Follows the newest line like `tail -f` unless the user has scrolled up to read.
import { Fragment, memo, useLayoutEffect, useRef, useState } from 'react';
import type { PlanStepInfo } from '../../../../shared/api/common.ts';
import type { Direction, OutputLine, StatementLine } from '../store.ts';
import { formatDuration, oneLine } from '../format.ts';
import { Spinner } from '../../../ui/index.ts';
import { RevisionLink } from './RevisionLink.tsx';
import './progress.css';

/** Statements longer than this on one line (or on several lines) can be expanded in place. */
const EXPANDABLE_CHARS = 100;

const Statement = memo(function Statement({ s, failed }: { s: StatementLine; failed: boolean }) {
  const running = s.durationMs === null && !failed;
  const [expanded, setExpanded] = useState(false);
  const line = oneLine(s.sql);
  const expandable = line.length > EXPANDABLE_CHARS || s.sql.trim().includes('\n');
  return (
    <div
      className={`run-stmt${running ? ' run-stmt-running' : ''}${failed ? ' run-stmt-failed' : ''}${
        expanded ? ' run-stmt-expanded' : ''
      }`}
      data-testid="run-statement"
      data-expanded={expanded}
      title={expanded ? undefined : s.sql}
    >
      <span className="run-stmt-line">L{s.line}</span>
      {expandable ? (
        <button
          type="button"
          className="run-stmt-toggle"
          data-testid="run-statement-expand"
          aria-expanded={expanded}
          aria-label={expanded ? 'Collapse the statement' : 'Show the whole statement'}
          onClick={() => setExpanded((x) => !x)}
        >
          {expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="run-stmt-toggle" aria-hidden="true" />
      )}
      {expanded ? (
        <pre className="run-stmt-sql run-stmt-full" data-testid="run-statement-full">
          {s.sql.trim()}
        </pre>
      ) : (
        <span className="run-stmt-sql">{line}</span>
      )}
      <span className="run-stmt-ms">
        {failed ? 'failed' : running ? <Spinner label="running" /> : formatDuration(s.durationMs)}
      </span>
    </div>
  );
});

/** alembic's lines, as it printed them: an Alembic project's run has no statements of strata's to show. */
const Output = memo(function Output({ lines }: { lines: readonly OutputLine[] }) {
  return lines.map((l, i) => (
    <div key={i} className={`run-out run-out-${l.stream}`} data-testid="run-output-line" data-stream={l.stream}>
      {l.line}
    </div>
  ));
});

export function StatementLog(props: {
  readonly statements: readonly StatementLine[];
  /** What the run's tool printed (alembic): shown instead of statements, which such a run has none of. */
  readonly output?: readonly OutputLine[];
  readonly steps: readonly PlanStepInfo[];
  readonly direction: Direction;
  /** The statement that failed, when the run failed: it never got a duration. */
  readonly failed?: { readonly revision: string; readonly line: number } | null;
  readonly emptyText: string;
}) {
  const { statements, steps, failed } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [statements, props.output]);

  const messages = new Map(steps.map((s) => [s.revision, s.message]));
  return (
    <div
      className="run-log"
      ref={scroller}
      role="log"
      aria-live="polite"
      aria-label="Statements"
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {statements.length === 0 && props.output && props.output.length > 0 ? (
        <Output lines={props.output} />
      ) : statements.length === 0 ? (
        <div className="run-log-empty">{props.emptyText}</div>
      ) : (
        statements.map((s, i) => (
          <Fragment key={`${s.revision}:${s.index}`}>
            {(i === 0 || statements[i - 1]?.revision !== s.revision) && (
              <div className="run-log-rev">
                <span className={`run-dir run-dir-${props.direction}`}>
                  {props.direction === 'upgrade' ? '↑' : '↓'}
                </span>
                <RevisionLink id={s.revision} />
                <span className="run-log-msg">{messages.get(s.revision) ?? ''}</span>
              </div>
            )}
            <Statement
              s={s}
              failed={
                failed !== null &&
                failed !== undefined &&
                failed.revision === s.revision &&
                failed.line === s.line &&
                s.durationMs === null
              }
            />
          </Fragment>
        ))
      )}
    </div>
  );
}
