// Lock-risk lint as the studio holds it: its store (created and provided by the app) and the
// commands the graph, the inspector and the run console use.
export { fixKey } from './commands.ts';
export { createLintStore, LintStoreContext, useLint, type LintStore, type RevisionLintEntry } from './store.ts';
export { useLintCommands } from './use-lint-commands.ts';
export { findingMarkers, findingQuickFixes, listFindings, type ListedFinding } from './markers.ts';
export { useDraftLint, type DraftLintState } from './use-draft-lint.ts';
