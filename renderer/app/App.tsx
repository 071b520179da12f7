// The shell: left bar (project, connections), graph in the middle, inspector on the right,
// run console below. Each area is a feature, reached only through its index.ts.
import { useEffect } from 'react';
import { NewRevisionDialog } from '../features/authoring/index.ts';
import { ConnectionsSidebar } from '../features/connections/index.ts';
import { GraphView, ProjectProblems } from '../features/graph/index.ts';
import { Inspector } from '../features/inspector/index.ts';
import { MergeScreen } from '../features/merge/index.ts';
import { CommandPalette, useGlobalShortcuts } from '../features/palette/index.ts';
import { ReviewScreen } from '../features/review/index.ts';
import { RunConsole } from '../features/run/index.ts';
import { Welcome } from '../features/welcome/index.ts';
import { useStudio } from '../store/context.tsx';

export function App() {
  const theme = useStudio((s) => s.theme);
  const projectError = useStudio((s) => s.projectError);
  // A project with a broken file whose other revisions load keeps its graph, the problems above it.
  const hasGraph = useStudio((s) => s.graph !== null);
  const welcome = useStudio((s) => s.welcome !== null);
  const reviewOpen = useStudio((s) => s.reviewOpen);
  const setReviewOpen = useStudio((s) => s.setReviewOpen);
  useGlobalShortcuts();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  if (welcome) return <Welcome />;
  return (
    <div className="studio" data-testid="studio">
      <aside className="studio-left">
        <ConnectionsSidebar />
      </aside>
      <main className="studio-center">{projectError && !hasGraph ? <ProjectProblems /> : <GraphView />}</main>
      <aside className="studio-right">
        <Inspector />
      </aside>
      <section className="studio-bottom">
        <RunConsole />
      </section>
      <CommandPalette />
      <MergeScreen />
      {reviewOpen && <ReviewScreen onClose={() => setReviewOpen(false)} />}
      <NewRevisionDialog />
    </div>
  );
}
