// The rows: a scroll container holding a spacer as tall as every row, with only the rows in
// view (and a margin) mounted, each absolutely placed. It is the listbox: arrows, j/k,
// Home/End and PageUp/PageDown move the selection, Enter selects, U/D preview an upgrade or a
// downgrade to the selected row, Shift+F10 or the Menu key opens the row's menu. Ctrl/Cmd+click
// (or Shift+click) on a head picks it for the merge screen instead of selecting it.
import { useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { Geometry } from '../geometry.ts';
import { actionBlockers, type DbMarks, type GraphModel } from '../graph-model.ts';
import { useVirtualWindow } from '../use-virtual-window.ts';
import type { RevisionLintSummary } from '../../../../shared/api/lint.ts';
import { GraphRow } from './GraphRow.tsx';
import type { MenuAt } from './RowMenu.tsx';

export type RowAction = 'upgrade' | 'downgrade';

interface GraphListProps {
  readonly model: GraphModel;
  readonly g: Geometry;
  readonly marks: DbMarks;
  /** Lint summaries by revision id (only revisions with findings); null until loaded. */
  readonly lint: Readonly<Record<string, RevisionLintSummary>> | null;
  readonly selectedIndex: number;
  readonly matchSet: ReadonlySet<number>;
  readonly query: string;
  readonly connectionName: string | null;
  readonly listRef: RefObject<HTMLDivElement | null>;
  /** Heads picked for the merge screen. */
  readonly picked: ReadonlySet<string>;
  onSelect(id: string): void;
  onPick(id: string): void;
  onAction(action: RowAction, id: string): void;
  onMenu(at: MenuAt): void;
}

export function GraphList(p: GraphListProps) {
  const { model, g, marks, selectedIndex, listRef } = p;
  const { revisions, layout, heads } = model;
  const count = revisions.length;
  const { start, end, viewport } = useVirtualWindow(listRef, count, g.rowHeight);
  const manyHeads = heads.size > 1;
  const query = p.query.trim().toLowerCase();

  // Zoom keeps the row in view where it was: the selected one if visible, else the top one.
  const lastRowHeight = useRef(g.rowHeight);
  useLayoutEffect(() => {
    const el = listRef.current;
    const before = lastRowHeight.current;
    lastRowHeight.current = g.rowHeight;
    if (!el || before === g.rowHeight) return;
    const selectedTop = selectedIndex * before - el.scrollTop;
    const anchor =
      selectedIndex >= 0 && selectedTop >= 0 && selectedTop < el.clientHeight
        ? selectedIndex
        : Math.floor(el.scrollTop / before);
    const offset = anchor * before - el.scrollTop;
    el.scrollTop = anchor * g.rowHeight - offset;
  }, [g.rowHeight, selectedIndex, listRef]);

  // The selection, however it changed (click, keys, search, palette, inspector), is scrolled
  // into view, with a row of context around it when there is room.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el || selectedIndex < 0) return;
    const h = g.rowHeight;
    const margin = el.clientHeight > 4 * h ? h : 0;
    const top = selectedIndex * h;
    if (top - margin < el.scrollTop) el.scrollTop = Math.max(0, top - margin);
    else if (top + h + margin > el.scrollTop + el.clientHeight) el.scrollTop = top + h + margin - el.clientHeight;
    // g.rowHeight is read, not a trigger: zoom has its own anchoring above.
  }, [selectedIndex, listRef]);

  const idAt = (i: number): string | undefined => revisions[Math.min(count - 1, Math.max(0, i))]?.id;

  const openMenuForSelected = (): void => {
    const id = idAt(selectedIndex);
    const row = id ? listRef.current?.querySelector<HTMLElement>(`[data-index="${selectedIndex}"]`) : null;
    if (!id || !row) return;
    const box = row.getBoundingClientRect();
    p.onMenu({ id, x: box.left + g.graphWidth + 24, y: box.bottom });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (
      e.target !== e.currentTarget &&
      (e.target as HTMLElement).tagName === 'BUTTON' &&
      (e.key === 'Enter' || e.key === ' ')
    )
      return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const page = Math.max(1, Math.floor(viewport.current / g.rowHeight) - 1);
    const from = selectedIndex;
    let to: number;
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        to = from < 0 ? 0 : from + 1;
        break;
      case 'ArrowUp':
      case 'k':
        to = from < 0 ? 0 : from - 1;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = count - 1;
        break;
      case 'PageDown':
        to = (from < 0 ? 0 : from) + page;
        break;
      case 'PageUp':
        to = (from < 0 ? 0 : from) - page;
        break;
      case 'Enter':
      case ' ':
        to = from < 0 ? 0 : from;
        break;
      case 'u':
      case 'd': {
        const id = from >= 0 ? idAt(from) : undefined;
        const action = e.key === 'u' ? 'upgrade' : 'downgrade';
        if (id && actionBlockers(marks, id, p.connectionName)[action] === null) p.onAction(action, id);
        e.preventDefault();
        return;
      }
      case 'ContextMenu':
        openMenuForSelected();
        e.preventDefault();
        return;
      case 'F10':
        if (e.shiftKey) {
          openMenuForSelected();
          e.preventDefault();
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    const id = idAt(to);
    if (id) p.onSelect(id);
  };

  const rowOf = (e: MouseEvent): { id: string; el: HTMLElement } | null => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-revision]');
    const id = el?.dataset.revision;
    return el && id ? { id, el } : null;
  };

  const onClick = (e: MouseEvent<HTMLDivElement>): void => {
    const row = rowOf(e);
    if (!row) return;
    if ((e.ctrlKey || e.metaKey || e.shiftKey) && heads.has(row.id) && manyHeads) {
      p.onPick(row.id);
      return;
    }
    const action = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]')?.dataset.action;
    p.onSelect(row.id);
    if (action === 'upgrade' || action === 'downgrade') p.onAction(action, row.id);
    else if (action === 'menu') {
      const box = (e.target as HTMLElement).closest('button')?.getBoundingClientRect();
      if (box) p.onMenu({ id: row.id, x: box.left, y: box.bottom + 2 });
    }
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>): void => {
    const row = rowOf(e);
    if (!row) return;
    e.preventDefault();
    p.onSelect(row.id);
    p.onMenu({ id: row.id, x: e.clientX, y: e.clientY });
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    const r = revisions[i];
    if (!r || i >= layout.count) continue;
    const lr = layout.row(i);
    const applied = marks.applied.has(r.id);
    const blocked = actionBlockers(marks, r.id, p.connectionName);
    rows.push(
      <GraphRow
        key={r.id}
        revision={r}
        index={i}
        count={count}
        g={g}
        row={lr}
        prev={i > 0 ? layout.row(i - 1) : undefined}
        mark={marks.state === 'ok' ? (applied ? 'applied' : 'pending') : 'plain'}
        applied={applied}
        dbHead={marks.dbHeads.has(r.id)}
        interrupted={marks.interrupted.has(r.id)}
        lint={p.lint?.[r.id]}
        head={heads.has(r.id)}
        manyHeads={manyHeads}
        picked={p.picked.has(r.id)}
        selected={i === selectedIndex}
        match={p.matchSet.has(i) ? query : ''}
        connectionName={p.connectionName}
        upgradeBlocked={blocked.upgrade}
        downgradeBlocked={blocked.downgrade}
      />,
    );
  }

  const selectedVisible = selectedIndex >= start && selectedIndex < end;
  return (
    <div
      ref={listRef}
      className="graph-scroll"
      role="listbox"
      aria-label="Revisions, newest first"
      aria-activedescendant={selectedVisible ? `graph-row-${revisions[selectedIndex]?.id}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onContextMenu={onContextMenu}
    >
      <div className="graph-spacer" style={{ height: count * g.rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
