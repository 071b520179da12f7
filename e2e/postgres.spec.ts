// PostgreSQL from the studio: add the embedded server as a connection, run there, and
// cancel a long statement (pg_sleep) — the revision in flight is rolled back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPostgresConnection, expect, test } from './support/studio.ts';

const PG_HEAD = 'b48fe3490ac0';
const SLOW = 'a1b2c3d4e5f6';

test.use({
  projectSource: 'migrations-sample/postgres',
  projectPatch: {
    apply: (dir: string) => {
      writeFileSync(
        join(dir, 'versions', `${SLOW}_a_long_backfill.sql`),
        `-- strata:revision ${SLOW}\n-- strata:parents ${PG_HEAD}\n-- strata:message a long backfill\n` +
          `-- strata:created 2026-11-22T00:00:00Z\n\n-- strata:upgrade\nCREATE TABLE backfill_marker (id int);\n` +
          `SELECT pg_sleep(60);\n\n-- strata:downgrade\nDROP TABLE backfill_marker;\n`,
      );
    },
  },
});

test('adds the embedded PostgreSQL as a connection, upgrades there, and cancels a long statement', async ({
  studio,
}) => {
  const { page } = studio;
  await addPostgresConnection(page, 'embedded postgres', () => studio.shot('connection-dialog'));

  await page.locator(`[data-testid="graph-row"][data-revision="${PG_HEAD}"]`).getByTestId('upgrade-to-here').click();
  // the CLI's --lock-timeout and --retries, for this run
  await expect(page.getByTestId('run-retries')).toBeDisabled();
  await page.getByTestId('run-lock-timeout').fill('5s');
  await page.getByTestId('run-retries').fill('2');
  await studio.shot('run-guard-rails');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  await expect(page.locator(`[data-testid="graph-row"][data-revision="${PG_HEAD}"]`)).toHaveAttribute(
    'data-db-head',
    'true',
  );

  await page.locator(`[data-testid="graph-row"][data-revision="${SLOW}"]`).getByTestId('upgrade-to-here').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-statement').filter({ hasText: 'pg_sleep' })).toBeVisible();
  await studio.shot('run-streaming');
  await page.getByTestId('run-cancel').click();
  const failure = page.getByTestId('run-failure');
  await expect(failure).toBeVisible({ timeout: 10_000 });
  await expect(failure).toContainText(/cancel/i);
  await expect(page.locator(`[data-testid="graph-row"][data-revision="${SLOW}"]`)).toHaveAttribute(
    'data-applied',
    'false',
  );
  await expect(page.locator(`[data-testid="graph-row"][data-revision="${PG_HEAD}"]`)).toHaveAttribute(
    'data-db-head',
    'true',
  );
});
