// The merge screen, over the graph: the heads' branches side by side with what each one
// creates, alters and drops; the conflicts between them; which connection has which branch
// applied; then "Create merge revision" or "Linearize" (previewed first).
import { useEffect, useState } from 'react';
import { useStudio, useStudioStore } from '../../store/context.tsx';
import { Button, Dialog, Spinner } from '../../ui/index.ts';
import { analyze, createMerge } from './commands.ts';
import { BranchColumns } from './components/BranchColumns.tsx';
import { ConflictList } from './components/ConflictList.tsx';
import { CreateMergeForm } from './components/CreateMergeForm.tsx';
import { DatabasePlacements } from './components/DatabasePlacements.tsx';
import { LinearizeDialog } from './components/LinearizeDialog.tsx';
import { createBlocker, shortId } from './model.ts';
import { createMergeStore, MergeStoreContext, useMerge, useMergeStore } from './store.ts';
import './merge.css';

function MergeBody() {
  const analysis = useMerge((s) => s.analysis);
  const studio = useStudioStore();
  const store = useMergeStore();
  const heads = useStudio((s) => s.mergeHeads);
  if (analysis.state === 'loading') {
    return (
      <div className="merge-empty" aria-busy="true" data-testid="merge-loading">
        <Spinner />
        <span>Reading the branches…</span>
      </div>
    );
  }
  if (analysis.state === 'error') {
    return (
      <div className="merge-empty" role="alert" data-testid="merge-error">
        <p className="merge-error-text">{analysis.message}</p>
        <Button onClick={() => void analyze(store, studio, heads ?? [])}>Try again</Button>
      </div>
    );
  }
  const { result } = analysis;
  const { analysis: a } = result;
  return (
    <div className="merge-layout">
      <p className="merge-summary" data-testid="merge-summary">
        {a.heads.length} heads · fork point{' '}
        {a.forkPoints.length > 0 ? (
          a.forkPoints.map((f) => <code key={f}>{shortId(f)}</code>)
        ) : (
          <span>none (separate bases)</span>
        )}
      </p>
      <BranchColumns result={result} />
      <div className="merge-lower">
        <div className="merge-lower-left">
          <ConflictList analysis={a} />
          <DatabasePlacements result={result} />
        </div>
        <CreateMergeForm analysis={a} />
      </div>
      <LinearizeDialog />
    </div>
  );
}

function MergeFooter() {
  const studio = useStudioStore();
  const store = useMergeStore();
  const analysis = useMerge((s) => s.analysis);
  const draft = useMerge((s) => s.draft);
  const creating = useMerge((s) => s.creating);
  const blocked = analysis.state === 'ready' ? createBlocker(analysis.result.analysis, draft) : 'Reading the branches…';
  return (
    <>
      {analysis.state === 'ready' && blocked && (
        <span className="merge-blocked" data-testid="merge-blocked">
          {blocked}
        </span>
      )}
      <Button variant="ghost" onClick={() => studio.getState().closeMerge()}>
        Close
      </Button>
      <Button
        variant="primary"
        busy={creating}
        disabled={blocked !== null}
        title={blocked ?? 'Write the merge revision, with the heads as its parents'}
        onClick={() => void createMerge(store, studio)}
        data-testid="merge-create"
      >
        Create merge revision
      </Button>
    </>
  );
}

export function OpenMergeScreen({ heads }: { readonly heads: readonly string[] }) {
  const studio = useStudioStore();
  const [store] = useState(createMergeStore);
  useEffect(() => {
    void analyze(store, studio, heads);
  }, [store, studio, heads]);
  return (
    <MergeStoreContext.Provider value={store}>
      <Dialog
        open
        onClose={() => studio.getState().closeMerge()}
        title="Merge heads"
        description="What each branch did since they parted, where they collide, and how to join them."
        className="merge-screen"
        data-testid="merge-screen"
        footer={<MergeFooter />}
      >
        <MergeBody />
      </Dialog>
    </MergeStoreContext.Provider>
  );
}
