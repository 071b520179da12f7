// Above the graph: what the markers mean for the active connection, the search box, zoom, and
// the whole-graph actions (previews only: the run console shows the plan and runs it).
import type { KeyboardEvent, RefObject } from 'react';
import { ZOOM_LEVELS } from '../geometry.ts';
import type { DbMarks } from '../graph-model.ts';
import { IconChevronDown, IconChevronUp, IconDown, IconSearch, IconUp } from './icons.tsx';

interface GraphToolbarProps {
  readonly total: number;
  readonly connectionName: string | null;
  readonly query: string;
  readonly matchCount: number;
  /** 1-based position of the selected row among the matches, or 0. */
  readonly matchPosition: number;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly zoomIndex: number;
  onQuery(query: string): void;
  onFind(backwards: boolean): void;
  onSearchEscape(): void;
  onZoom(index: number): void;
  onUpgradeHeads(): void;
  onDowngradeBase(): void;
  /** Opens the autogenerate review screen. */
  onAutogenerate(): void;
  onNewRevision(): void;
}

/** The strip under the graph: what the markers mean, for which connection. */
export function GraphStatusBar({
  marks,
  connectionName,
  total,
  laneCount,
}: {
  marks: DbMarks;
  connectionName: string | null;
  total: number;
  laneCount: number;
}) {
  return (
    <div className="graph-statusbar">
      <Legend marks={marks} connectionName={connectionName} total={total} />
      <span className="graph-statusbar-hint">
        {laneCount} lane{laneCount === 1 ? '' : 's'} · ↑↓ select · U/D preview · Shift+F10 menu
      </span>
    </div>
  );
}

function Legend({ marks, connectionName, total }: { marks: DbMarks; connectionName: string | null; total: number }) {
  if (marks.state === 'none')
    return <span className="graph-legend is-muted">No connection: choose one to see what is applied</span>;
  if (marks.state === 'loading')
    return (
      <span className="graph-legend is-muted" aria-live="polite">
        Checking {connectionName}…
      </span>
    );
  if (marks.state === 'unreachable')
    return (
      <span className="graph-legend is-error" title={marks.error ?? ''} aria-live="polite">
        {connectionName} is unreachable
      </span>
    );
  const applied = marks.applied.size;
  return (
    <span className="graph-legend" aria-live="polite" title={`Markers for ${connectionName}`}>
      <span className="graph-legend-item">
        <i className="graph-dot is-applied" aria-hidden="true" />
        {applied} applied
      </span>
      <span className="graph-legend-item">
        <i className="graph-dot is-pending" aria-hidden="true" />
        {Math.max(0, total - applied)} pending
      </span>
      <span className="graph-legend-conn">on {connectionName}</span>
    </span>
  );
}

export function GraphToolbar(p: GraphToolbarProps) {
  const canRun = p.connectionName !== null;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      p.onFind(e.shiftKey);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      p.onSearchEscape();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      p.onFind(e.key === 'ArrowUp');
    }
  };
  const count =
    p.query.trim() === ''
      ? ''
      : p.matchCount === 0
        ? 'no match'
        : p.matchPosition > 0
          ? `${p.matchPosition} of ${p.matchCount}`
          : `${p.matchCount} match${p.matchCount === 1 ? '' : 'es'}`;
  return (
    <div className="graph-toolbar">
      <div className="graph-toolbar-start">
        <span className="graph-title">
          Revisions <span className="graph-count">{p.total.toLocaleString()}</span>
        </span>
        <div
          className={`graph-search${p.query ? ' has-query' : ''}${p.query && p.matchCount === 0 ? ' no-match' : ''}`}
        >
          <IconSearch />
          <input
            ref={p.searchRef}
            type="search"
            data-testid="graph-search"
            placeholder="Id or message"
            aria-label="Search revisions by id prefix or message (Ctrl+F)"
            aria-keyshortcuts="Control+F Meta+F"
            value={p.query}
            onChange={(e) => p.onQuery(e.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            autoComplete="off"
          />
          {count && (
            <span className="graph-search-count" data-testid="graph-search-count" aria-live="polite">
              {count}
            </span>
          )}
          {p.query && (
            <>
              <button
                type="button"
                className="graph-icon-button"
                onClick={() => p.onFind(true)}
                disabled={p.matchCount === 0}
                aria-label="Previous match (Shift+Enter)"
                title="Previous match (Shift+Enter)"
              >
                <IconChevronUp />
              </button>
              <button
                type="button"
                className="graph-icon-button"
                onClick={() => p.onFind(false)}
                disabled={p.matchCount === 0}
                aria-label="Next match (Enter)"
                title="Next match (Enter)"
              >
                <IconChevronDown />
              </button>
            </>
          )}
        </div>
        <div className="graph-zoom" role="group" aria-label="Zoom">
          <button
            type="button"
            className="graph-icon-button"
            onClick={() => p.onZoom(p.zoomIndex - 1)}
            disabled={p.zoomIndex === 0}
            aria-label="Zoom out (Ctrl+−)"
            title="Zoom out (Ctrl+−)"
          >
            −
          </button>
          <button
            type="button"
            className="graph-zoom-level"
            onClick={() => p.onZoom(-1)}
            aria-label="Reset zoom (Ctrl+0)"
            title="Reset zoom (Ctrl+0)"
            data-testid="graph-zoom"
          >
            {Math.round((ZOOM_LEVELS[p.zoomIndex] ?? 1) * 100)}%
          </button>
          <button
            type="button"
            className="graph-icon-button"
            onClick={() => p.onZoom(p.zoomIndex + 1)}
            disabled={p.zoomIndex === ZOOM_LEVELS.length - 1}
            aria-label="Zoom in (Ctrl++)"
            title="Zoom in (Ctrl++)"
          >
            +
          </button>
        </div>
      </div>
      <div className="graph-toolbar-end">
        <button
          type="button"
          className="graph-button"
          data-testid="autogenerate"
          onClick={p.onAutogenerate}
          title="Compare schema.sql with the database (or the heads) and review the generated revision"
        >
          Autogenerate…
        </button>
        <button
          type="button"
          className="graph-button"
          data-testid="new-revision"
          onClick={p.onNewRevision}
          title="Write a new revision file on a head (also in the palette and a row's menu)"
        >
          + New revision
        </button>
        <button
          type="button"
          className="graph-button is-primary"
          data-testid="upgrade-heads"
          onClick={p.onUpgradeHeads}
          disabled={!canRun}
          title={canRun ? `Preview an upgrade of ${p.connectionName} to every head` : 'Choose a connection first'}
        >
          <IconUp />
          Upgrade all heads
        </button>
        <button
          type="button"
          className="graph-button"
          data-testid="downgrade-base"
          onClick={p.onDowngradeBase}
          disabled={!canRun}
          title={
            canRun
              ? `Preview a downgrade of ${p.connectionName} to base (everything taken back)`
              : 'Choose a connection first'
          }
        >
          <IconDown />
          To base
        </button>
      </div>
    </div>
  );
}
