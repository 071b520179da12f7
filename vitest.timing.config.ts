import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// Tests that compare a prediction with a measured time (*.timing.*.test.ts) run after the
// others, one file at a time: beside the rest of the suite on two cores, a measured time is
// the neighbours' as much as the statement's.
export default defineConfig({
  test: {
    ...base.test,
    include: ['electron/**/*.timing.*.test.ts', 'test/**/*.timing.*.test.ts'],
    exclude: ['**/node_modules/**'],
    maxWorkers: 1,
    fileParallelism: false,
  },
});
