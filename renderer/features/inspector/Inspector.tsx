// The inspector (right): the selected revision's metadata, its SQL in Monaco (editable on
// request), and its run history on the active connection.
import { useEffect, useState } from 'react';
import { preloadSqlEditor } from '../../editor/index.ts';
import { useStudio } from '../../store/context.tsx';
import { afterIdle, Spinner } from '../../ui/index.ts';
import { RevisionHistoryView } from './components/RevisionHistory.tsx';
import { RevisionOverview } from './components/RevisionOverview.tsx';
import { RevisionSql } from './components/RevisionSql.tsx';
import { startEditing } from './commands.ts';
import { createInspectorStore, InspectorStoreContext, type InspectorStore } from './store.ts';
import './inspector.css';

function InspectorBody() {
  const selectedId = useStudio((s) => s.selectedId);
  const detail = useStudio((s) => s.detail);
  const detailError = useStudio((s) => s.detailError);

  if (selectedId === null) {
    return (
      <div className="insp-empty" data-testid="inspector-empty">
        <div className="insp-empty-icon" aria-hidden="true">
          ◇
        </div>
        <p className="insp-empty-title">No revision selected</p>
        <p className="insp-muted">Pick a revision on the graph to see its SQL, metadata and run history.</p>
      </div>
    );
  }
  if (detailError) {
    return (
      <div className="insp-empty" role="alert">
        <p className="insp-empty-title">Cannot show {selectedId}</p>
        <p className="insp-error-text">{detailError}</p>
      </div>
    );
  }
  if (!detail || detail.id !== selectedId) {
    return (
      <div className="insp-empty" aria-busy="true">
        <Spinner />
        <p className="insp-muted">Loading {selectedId}…</p>
      </div>
    );
  }
  return (
    <div className="insp-scroll">
      <RevisionOverview detail={detail} />
      <RevisionSql detail={detail} />
      <RevisionHistoryView detail={detail} />
    </div>
  );
}

/** A revision asked to open in the editor (a new one) goes to edit mode once it is the one shown. */
function useEditRequest(store: InspectorStore): void {
  const request = useStudio((s) => s.editRequest);
  const detail = useStudio((s) => s.detail);
  const requestEdit = useStudio((s) => s.requestEdit);
  useEffect(() => {
    if (request === null || detail?.id !== request) return;
    startEditing(store, detail);
    requestEdit(null);
  }, [request, detail, store, requestEdit]);
}

/** How long the graph is on screen before Monaco is fetched ahead of need. */
const PRELOAD_EDITOR_AFTER_MS = 1500;

export function Inspector() {
  const [store] = useState(createInspectorStore);
  useEditRequest(store);
  // Monaco is a large chunk: fetch it while the user is still looking at the graph, but only
  // once the graph has been on screen for a while and the browser is idle. Evaluating it is
  // one long task; started at the first idle moment it landed on the first click. A
  // selection before then loads it itself (the SQL shows as plain text meanwhile).
  const graphShown = useStudio((s) => s.graph !== null);
  useEffect(() => (graphShown ? afterIdle(PRELOAD_EDITOR_AFTER_MS, preloadSqlEditor) : undefined), [graphShown]);
  return (
    <InspectorStoreContext.Provider value={store}>
      <div className="insp" data-testid="inspector">
        <InspectorBody />
      </div>
    </InspectorStoreContext.Provider>
  );
}
