// A CREATE UNIQUE INDEX CONCURRENTLY that fails (duplicates) leaves an INVALID index behind:
// the failed run says so, with the SQL that cleans it up, which Strata never runs itself.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPostgresConnection, expect, test } from './support/studio.ts';
import { graphRow as row, PG_HEAD } from './support/risky-revision.ts';

const SIGNUPS = 'a5a5a5a5a5a5';
const UNIQUE = 'b6b6b6b6b6b6';

test.use({
  projectSource: 'migrations-sample/postgres',
  projectPatch: {
    apply: (dir: string) => {
      writeFileSync(
        join(dir, 'versions', `${SIGNUPS}_signups.sql`),
        `-- strata:revision ${SIGNUPS}\n-- strata:parents ${PG_HEAD}\n-- strata:message signups\n` +
          `-- strata:created 2026-11-23T00:00:00Z\n\n-- strata:upgrade\nCREATE TABLE signups (email text);\n` +
          `INSERT INTO signups VALUES ('a@example.com'), ('a@example.com');\n\n-- strata:downgrade\n` +
          `DROP TABLE signups;\n`,
      );
      writeFileSync(
        join(dir, 'versions', `${UNIQUE}_unique_signup_emails.sql`),
        `-- strata:revision ${UNIQUE}\n-- strata:parents ${SIGNUPS}\n-- strata:message unique signup emails\n` +
          `-- strata:created 2026-11-24T00:00:00Z\n-- strata:transactional false\n\n-- strata:upgrade\n` +
          `CREATE UNIQUE INDEX CONCURRENTLY signups_email_key ON signups (email);\n\n-- strata:downgrade\n` +
          `DROP INDEX CONCURRENTLY signups_email_key;\n`,
      );
    },
  },
});

test('a failed CREATE INDEX CONCURRENTLY: the failure names the invalid index left behind and its cleanup', async ({
  studio,
}) => {
  const { page } = studio;
  await addPostgresConnection(page, 'leftovers postgres');

  await page.locator(row(UNIQUE)).getByTestId('upgrade-to-here').click();
  await page.getByTestId('run-start').click();
  const failure = page.getByTestId('run-failure');
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText('could not create unique index');
  const leftover = page.locator('[data-testid="run-leftover"][data-relation="signups_email_key"]');
  await expect(leftover).toHaveAttribute('data-kind', 'invalid-index');
  await expect(leftover).toContainText('signups_email_key on signups is INVALID');
  await expect(leftover).toContainText('DROP INDEX CONCURRENTLY IF EXISTS signups_email_key;');
  await expect(leftover).toContainText(
    'CREATE UNIQUE INDEX CONCURRENTLY signups_email_key ON public.signups USING btree (email);',
  );
  await expect(page.locator(row(SIGNUPS))).toHaveAttribute('data-db-head', 'true');
  await studio.shot('run-failure-leftovers');
});
