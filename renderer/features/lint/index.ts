// Lock-risk lint as the studio holds it: its store (created and provided by the app) and the
// commands the graph, the inspector and the run console use.
export { fixKey } from './commands.ts';
export { createLintStore, LintStoreContext, useLint, type LintStore, type RevisionLintEntry } from './store.ts';
export { useLintCommands } from './use-lint-commands.ts';
