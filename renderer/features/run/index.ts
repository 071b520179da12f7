// The run console, its store (created and provided by the app) and the commands the graph and
// the palette use to show a plan and run it.
export { RunConsole } from './RunConsole.tsx';
export { cancel, closeRun, onRunEvent, preview, replan, start } from './commands.ts';
export { createRunStore, RunStoreContext, useRun, useRunStore, type RunStore } from './store.ts';
export { useRunCommands } from './use-run-commands.ts';
