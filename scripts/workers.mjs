// The engine's worker threads, each a bundle entry of its own beside the code that starts it
// (electron/engine/service/worker-channel.ts looks for `./<name>.js` next to itself): in
// dist/electron for the app, in dist/cli for `strata serve`. A worker added here is built
// into both.
export const WORKER_ENTRIES = {
  'db-worker': 'electron/engine/service/db-worker.ts',
  'lint-worker': 'electron/engine/service/lint-worker.ts',
};
