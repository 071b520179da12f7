// A revision file with a typo in its header: the project's problem is shown where the graph
// is, with the file, the line and the parser's message; the revisions below it can still be
// looked at; the connection stays reachable; the fix on disk brings the whole graph back.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/studio.ts';

const BROKEN = 'c19e2a59ca10'; // create api keys table

function brokenFile(dir: string): string {
  const versions = join(dir, 'versions');
  return join(versions, readdirSync(versions).find((f) => f.startsWith(BROKEN)) as string);
}

test.use({
  projectPatch: {
    apply: (dir: string) => {
      const path = brokenFile(dir);
      writeFileSync(path, readFileSync(path, 'utf8').replace('-- strata:parents', '-- strata:parnets'));
    },
  },
});

test('a broken file is a project error with file and line; the rest stays browsable', async ({ studio }) => {
  const { page, dir } = studio;
  const error = page.getByTestId('project-error');
  await expect(error).toBeVisible();
  const problem = page.getByTestId('project-problem').first();
  await expect(problem).toContainText(`${BROKEN}_create_api_keys_table.sql:2`);
  await expect(problem).toContainText("unknown header '-- strata:parnets'");
  await expect(error).toHaveAttribute('data-partial', 'true');
  // The revisions below the broken one load: the graph is there, under the error.
  await expect(page.getByTestId('graph-row')).toHaveCount(5);
  await page.getByTestId('graph-row').first().click();
  await expect(page.getByTestId('inspector-id')).toBeVisible();
  // The database is fine: a broken file is not a connection problem.
  const connection = page.locator('[data-testid="connection-item"][data-connection-id="default"]');
  await expect(connection).toHaveAttribute('data-status', 'reachable');
  await expect(connection).not.toContainText(/unreachable/i);
  await studio.shot('broken-file');

  // Fixed on disk: the whole project is back without a reload.
  const path = brokenFile(dir);
  writeFileSync(path, readFileSync(path, 'utf8').replace('-- strata:parnets', '-- strata:parents'));
  await expect(error).toHaveCount(0, { timeout: 3_000 });
  await expect(page.locator('[data-testid="graph-row"][data-head="true"]')).toHaveCount(2);
});
