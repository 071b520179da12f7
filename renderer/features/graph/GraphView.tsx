// The revision graph in the middle of the studio: lanes like a git graph, what the active
// connection has applied, where the database and the graph's heads are, search, zoom, and
// previews of upgrades and downgrades (the run console shows the plan and runs it).
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { DatabaseStatus } from '../../../shared/api/connections.ts';
import type { RevisionNode } from '../../../shared/api/project.ts';
import { useStudio } from '../../store/context.tsx';
import { afterIdle } from '../../ui/index.ts';
import { useLint, useLintCommands } from '../lint/index.ts';
import { useRunCommands } from '../run/index.ts';
import { GraphList, type RowAction } from './components/GraphList.tsx';
import { GraphStatusBar, GraphToolbar } from './components/GraphToolbar.tsx';
import { HeadsBanner } from './components/HeadsBanner.tsx';
import { ProjectProblems } from './components/ProjectProblems.tsx';
import { RowMenu, type MenuAt, type MenuCommand } from './components/RowMenu.tsx';
import { clampZoomIndex, DEFAULT_ZOOM_INDEX, geometry, loadZoomIndex, saveZoomIndex } from './geometry.ts';
import { actionBlockers, buildModel, marksFrom, nextMatch, searchMatches } from './graph-model.ts';
import { useGraphShortcuts } from './use-graph-shortcuts.ts';
import './graph.css';
import './graph-rows.css';

/** How long the first graph is on screen before the project is linted. */
const FIRST_LINT_AFTER_MS = 800;

export function GraphView() {
  const graph = useStudio((s) => s.graph);
  const hasProblems = useStudio((s) => (s.project?.problems.length ?? 0) > 0);
  const selectedId = useStudio((s) => s.selectedId);
  const select = useStudio((s) => s.select);
  const setReviewOpen = useStudio((s) => s.setReviewOpen);
  const openNewRevision = useStudio((s) => s.openNewRevision);
  const { preview } = useRunCommands();
  const activeConnectionId = useStudio((s) => s.activeConnectionId);
  const knownName = useStudio((s) => s.connections.find((c) => c.id === s.activeConnectionId)?.name ?? null);
  const status = useStudio((s) => (s.activeConnectionId ? s.statuses[s.activeConnectionId] : undefined));
  const lintSummary = useLint((s) => s.lintSummary);
  const { loadProjectLint } = useLintCommands();

  const connectionName = activeConnectionId ? (knownName ?? activeConnectionId) : null;
  const rootRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [zoomIndex, setZoomIndex] = useState(loadZoomIndex);
  const [query, setQuery] = useState('');
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const openMerge = useStudio((s) => s.openMerge);
  // Heads picked for the merge screen, in the order picked; those no longer heads drop out.
  const [pickedIds, setPickedIds] = useState<readonly string[]>([]);

  const model = useMemo(() => (graph ? buildModel(graph) : null), [graph]);

  // Lint badges come once the first screen has settled: linting the whole project starts the
  // service's lint worker, which would compete with the first paint and the first click for
  // the CPU. Again whenever the graph is reloaded (a save, a fix, a finished run), at once:
  // the files may have changed.
  const linted = useRef(false);
  useEffect(() => {
    if (!graph) return;
    const lint = (): void => {
      linted.current = true;
      void loadProjectLint();
    };
    if (!linted.current) return afterIdle(FIRST_LINT_AFTER_MS, lint);
    const timer = window.setTimeout(lint, 0);
    return () => window.clearTimeout(timer);
  }, [graph, loadProjectLint]);

  // While a status is refreshed, keep showing the last one for that connection rather than
  // flashing every marker to pending.
  const [lastStatus, setLastStatus] = useState<{ readonly id: string; readonly status: DatabaseStatus } | null>(null);
  useEffect(() => {
    if (activeConnectionId && status && status !== 'loading') setLastStatus({ id: activeConnectionId, status });
  }, [activeConnectionId, status]);
  const shown = status === 'loading' && lastStatus?.id === activeConnectionId ? lastStatus.status : status;
  const marks = useMemo(() => marksFrom(shown, activeConnectionId !== null), [shown, activeConnectionId]);

  const g = useMemo(() => geometry(zoomIndex, model?.layout.laneCount ?? 1), [zoomIndex, model]);
  const matches = useMemo(() => (model ? searchMatches(model, query) : []), [model, query]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const selectedIndex = (selectedId !== null ? model?.indexOf.get(selectedId) : undefined) ?? -1;

  useEffect(() => saveZoomIndex(zoomIndex), [zoomIndex]);
  const zoomTo = useCallback(
    (index: number) => setZoomIndex(index < 0 ? DEFAULT_ZOOM_INDEX : clampZoomIndex(index)),
    [],
  );
  const zoomBy = useCallback((step: number) => setZoomIndex((z) => clampZoomIndex(z + step)), []);
  const zoomReset = useCallback(() => zoomTo(-1), [zoomTo]);
  useGraphShortcuts({ root: rootRef, search: searchRef, zoomBy, zoomReset });

  const onSelect = useCallback((id: string) => void select(id), [select]);
  const onPick = useCallback(
    (id: string) => setPickedIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id])),
    [],
  );
  const picked = useMemo(() => pickedIds.filter((id) => model?.heads.has(id)), [pickedIds, model]);
  const pickedSet = useMemo(() => new Set(picked), [picked]);
  const onAction = useCallback((action: RowAction, id: string) => void preview(action, id), [preview]);
  const onMenuCommand = useCallback(
    (command: MenuCommand, id: string) => {
      setMenu(null);
      listRef.current?.focus();
      if (command === 'copy-id') void navigator.clipboard?.writeText(id).catch(() => undefined);
      else if (command === 'new-revision') openNewRevision(id);
      else void preview(command, id);
    },
    [preview, openNewRevision],
  );
  const onMenuClose = useCallback(() => {
    setMenu(null);
    if (rootRef.current?.contains(document.activeElement) || document.activeElement === document.body)
      listRef.current?.focus();
  }, []);

  if (!graph || !model) {
    return (
      <div className="graph-view" data-testid="graph" ref={rootRef}>
        <div className="graph-empty">Loading the project…</div>
      </div>
    );
  }

  const heads = graph.heads
    .map((id) => model.revisions[model.indexOf.get(id) ?? -1])
    .filter((r): r is RevisionNode => r !== undefined);
  const matchPosition = selectedIndex >= 0 && matchSet.has(selectedIndex) ? matches.indexOf(selectedIndex) + 1 : 0;

  return (
    <div
      className="graph-view"
      data-testid="graph"
      ref={rootRef}
      style={
        {
          '--graph-row-h': `${g.rowHeight}px`,
          '--graph-font': `${g.fontSize}px`,
          '--graph-zoom': g.zoom,
        } as CSSProperties
      }
    >
      <GraphToolbar
        total={model.revisions.length}
        connectionName={connectionName}
        query={query}
        matchCount={matches.length}
        matchPosition={matchPosition}
        searchRef={searchRef}
        zoomIndex={zoomIndex}
        onQuery={setQuery}
        onAutogenerate={() => setReviewOpen(true)}
        onFind={(backwards) => {
          const from = selectedIndex >= 0 ? selectedIndex : backwards ? model.revisions.length : -1;
          const to = nextMatch(matches, from, backwards);
          const id = model.revisions[to]?.id;
          if (id) void select(id);
        }}
        onSearchEscape={() => {
          if (query) setQuery('');
          else listRef.current?.focus();
        }}
        onZoom={zoomTo}
        onUpgradeHeads={() => void preview('upgrade', 'heads')}
        onDowngradeBase={() => void preview('downgrade', 'base')}
        onNewRevision={() => openNewRevision(null)}
      />
      {hasProblems && <ProjectProblems />}
      {heads.length > 1 && <HeadsBanner heads={heads} picked={picked} onJump={onSelect} onMerge={openMerge} />}
      {model.revisions.length === 0 ? (
        <div className="graph-empty">
          No revisions yet. Create one with <code>strata revision -m "…"</code>.
        </div>
      ) : (
        <GraphList
          model={model}
          g={g}
          marks={marks}
          lint={lintSummary}
          selectedIndex={selectedIndex}
          matchSet={matchSet}
          query={query}
          connectionName={connectionName}
          listRef={listRef}
          picked={pickedSet}
          onSelect={onSelect}
          onPick={onPick}
          onAction={onAction}
          onMenu={setMenu}
        />
      )}
      <GraphStatusBar
        marks={marks}
        connectionName={connectionName}
        total={model.revisions.length}
        laneCount={model.layout.laneCount}
      />
      {menu && (
        <RowMenu
          at={menu}
          blocked={actionBlockers(marks, menu.id, connectionName)}
          isHead={graph.heads.includes(menu.id)}
          onCommand={onMenuCommand}
          onClose={onMenuClose}
        />
      )}
    </div>
  );
}
