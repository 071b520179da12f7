// An applied revision edited later shows, in the inspector, its text as applied (kept in the
// history table) beside the file now; a row from before the text was kept says so.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/studio.ts';

const FIRST = '3550b5f2509d'; // create organizations table
const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;

test('an applied revision edited on disk shows its diff against what was applied', async ({ studio }) => {
  const { page } = studio;
  await page.locator(row(FIRST)).getByTestId('upgrade-to-here').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();

  // Edited after it was applied (an editor, a git pull): the studio sees the file change.
  const versions = join(studio.dir, 'versions');
  const file = join(versions, readdirSync(versions).find((f) => f.startsWith(FIRST)) as string);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      '-- strata:downgrade',
      'CREATE INDEX organizations_name_idx ON organizations (name);\n\n-- strata:downgrade',
    ),
  );
  await page.locator(row(FIRST)).click();
  const diff = page.getByTestId('applied-diff');
  await expect(diff).toBeVisible();
  await expect(diff).toHaveAttribute('data-recorded', 'true');
  await expect(diff).toContainText('Edited since it was applied');
  await expect(diff.getByTestId('applied-diff-editor').locator('.editor.modified')).toContainText(
    'organizations_name_idx',
  );
  await expect(diff.getByTestId('applied-diff-editor').locator('.editor.original')).not.toContainText(
    'organizations_name_idx',
  );
  await diff.scrollIntoViewIfNeeded();
  await studio.shot('inspector-applied-diff');

  // A row an older Strata wrote, without the text: said, not guessed.
  execFileSync('sqlite3', [join(studio.dir, 'dev.sqlite'), 'UPDATE strata_history SET applied_sql = NULL']);
  await page.reload();
  await page.locator(row(FIRST)).click();
  await expect(page.getByTestId('applied-diff')).toHaveAttribute('data-recorded', 'false');
  await expect(page.getByTestId('applied-diff-not-recorded')).toContainText('Applied text not recorded');
});
