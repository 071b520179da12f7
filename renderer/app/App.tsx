// The shell: left bar (project, connections), graph in the middle, inspector on the right,
// run console below. Each area is a feature, reached only through its index.ts.
import { useEffect, useState } from 'react';
import { NewRevisionDialog } from '../features/authoring/index.ts';
import { ConnectionsSidebar } from '../features/connections/index.ts';
import { GraphView, ProjectProblems } from '../features/graph/index.ts';
import { Inspector } from '../features/inspector/index.ts';
import { MergeScreen, prefetchMergeScreen } from '../features/merge/index.ts';
import { CommandPalette, useGlobalShortcuts } from '../features/palette/index.ts';
import { prefetchReviewScreen, ReviewScreen } from '../features/review/index.ts';
import { RunConsole } from '../features/run/index.ts';
import { Welcome } from '../features/welcome/index.ts';
import { useStudio } from '../store/context.tsx';
import { clampPane, DEFAULT_PANES, type Pane } from '../store/panes.ts';
import { afterIdle, ResizeHandle } from '../ui/index.ts';
import type { CSSProperties } from 'react';

/** The inspector's width and the console's height, dragged, within what the window allows. */
function usePanes(): { style: CSSProperties; resize: (pane: Pane) => (px: number, done: boolean) => void } {
  const panes = useStudio((s) => s.panes);
  const setPaneSize = useStudio((s) => s.setPaneSize);
  const [, redraw] = useState(0);
  // A smaller window clamps the panes again, so the graph never disappears.
  useEffect(() => {
    const onResize = (): void => redraw((n) => n + 1);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const width = clampPane('inspectorWidth', panes.inspectorWidth, window.innerWidth);
  const height = clampPane('consoleHeight', panes.consoleHeight, window.innerHeight);
  return {
    style: { '--inspector-width': `${width}px`, '--console-height': `${height}px` } as CSSProperties,
    resize: (pane) => (px, done) =>
      setPaneSize(pane, clampPane(pane, px, pane === 'inspectorWidth' ? window.innerWidth : window.innerHeight), done),
  };
}

/**
 * The screens the first one does not show are chunks of their own; once the graph has been on
 * screen this long they are fetched ahead, so a first opening does not wait on the network.
 */
const PREFETCH_SCREENS_AFTER_MS = 1000;

function prefetchScreens(): void {
  prefetchMergeScreen();
  prefetchReviewScreen();
}

export function App() {
  const theme = useStudio((s) => s.theme);
  const projectError = useStudio((s) => s.projectError);
  // A project with a broken file whose other revisions load keeps its graph, the problems above it.
  const hasGraph = useStudio((s) => s.graph !== null);
  const welcome = useStudio((s) => s.welcome !== null);
  const reviewOpen = useStudio((s) => s.reviewOpen);
  const setReviewOpen = useStudio((s) => s.setReviewOpen);
  useGlobalShortcuts();
  const { style, resize } = usePanes();
  const panes = useStudio((s) => s.panes);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => (hasGraph ? afterIdle(PREFETCH_SCREENS_AFTER_MS, prefetchScreens) : undefined), [hasGraph]);
  if (welcome) return <Welcome />;
  return (
    <div className="studio" data-testid="studio" style={style}>
      <aside className="studio-left">
        <ConnectionsSidebar />
      </aside>
      <main className="studio-center">{projectError && !hasGraph ? <ProjectProblems /> : <GraphView />}</main>
      <aside className="studio-right">
        <ResizeHandle
          orientation="vertical"
          label="Resize the inspector"
          size={panes.inspectorWidth}
          defaultSize={DEFAULT_PANES.inspectorWidth}
          onResize={resize('inspectorWidth')}
          className="studio-resize-inspector"
          data-testid="resize-inspector"
        />
        <Inspector />
      </aside>
      <section className="studio-bottom">
        <ResizeHandle
          orientation="horizontal"
          label="Resize the run console"
          size={panes.consoleHeight}
          defaultSize={DEFAULT_PANES.consoleHeight}
          onResize={resize('consoleHeight')}
          className="studio-resize-console"
          data-testid="resize-console"
        />
        <RunConsole />
      </section>
      <CommandPalette />
      <MergeScreen />
      {reviewOpen && <ReviewScreen onClose={() => setReviewOpen(false)} />}
      <NewRevisionDialog />
    </div>
  );
}
