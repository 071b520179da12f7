// Edits reviewed as diffs, on a revision that is already applied somewhere: the fix is shown
// as a diff of the file with a warning naming the connection where the revision is applied —
// a connection that is not the active one — and an edit is linted as it is typed, before Save.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addPostgresConnection, expect, test } from './support/studio.ts';
import { graphRow as row, RISKY, RISKY_FILE, RISKY_RULE as RULE, riskyProject } from './support/risky-revision.ts';

test.use(riskyProject);
// Two PostgreSQL databases, one upgraded through the CLI: slower than the 90 s default under load.
test.setTimeout(240_000);

test('a fix on an applied revision is previewed as a diff and warns where it is applied', async ({ studio }) => {
  const { page } = studio;
  // "staging" has every revision applied, the risky one included; "scratch" is empty and active.
  const staging = await addPostgresConnection(page, 'staging');
  execFileSync(process.execPath, [resolve('bin/strata.js'), '--project', studio.dir, 'upgrade', 'heads'], {
    env: { ...process.env, DATABASE_URL: staging.url },
    stdio: 'pipe',
  });
  await page.locator('[data-testid="connection-item"]', { hasText: 'staging' }).click();
  await expect(page.locator(row(RISKY))).toHaveAttribute('data-applied', 'true');
  await addPostgresConnection(page, 'scratch');

  await page.locator(row(RISKY)).click();
  await expect(page.getByTestId('inspector-id')).toContainText(RISKY);
  const finding = page.locator(`[data-testid="lint-finding"][data-rule="${RULE}"]`);
  await finding.getByTestId('lint-fix').click();
  const preview = page.getByTestId('fix-preview');
  await expect(preview.getByTestId('fix-preview-applied')).toContainText('Applied on staging');
  await expect(preview.getByTestId('fix-preview-applied')).not.toContainText('scratch');
  const diff = preview.getByTestId('fix-preview-diff');
  await expect(diff.locator('.editor.original')).not.toContainText('CONCURRENTLY');
  await expect(diff.locator('.editor.modified')).toContainText('CREATE INDEX CONCURRENTLY audit_log_action_idx');
  await expect(diff.locator('.editor.modified')).toContainText('strata:transactional false');
  // The change is highlighted, not only present: Monaco's diff worker has answered.
  await expect(diff.locator('.editor.modified .line-insert').first()).toBeAttached();
  await studio.shot('fix-preview-applied');

  // Cancel writes nothing.
  const before = readFileSync(join(studio.dir, 'versions', RISKY_FILE), 'utf8');
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toBeHidden();
  expect(readFileSync(join(studio.dir, 'versions', RISKY_FILE), 'utf8')).toBe(before);

  // Lint while typing: an edit is linted before it is saved.
  await page.getByTestId('edit-revision').click();
  const editor = page.getByTestId('upgrade-sql');
  await editor.locator('.view-line', { hasText: 'CREATE INDEX' }).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('ALTER TABLE audit_log ADD COLUMN note text NOT NULL;');
  const typed = page.getByTestId('typed-lint');
  await expect(typed).toContainText(/Your edit: \d+ findings? \(linted in \d+ ms, not saved yet\)/);
  // The relint of a further edit (the first lint of a draft also warms the worker's parser).
  await page.keyboard.type(' -- the note is required');
  // The answer is for the text as it is now (the "Linting…" state between can be too brief to see).
  await expect(typed).toHaveAttribute('data-linted', 'current');
  await expect(typed).toContainText(/Your edit: \d+ findings? \(linted in \d+ ms, not saved yet\)/);
  const ms = Number(/linted in (\d+) ms/.exec((await typed.textContent()) ?? '')?.[1]);
  expect(ms).toBeLessThanOrEqual(50);
  await expect(editor.locator('.view-line', { hasText: 'ADD COLUMN note' })).toBeVisible();
  await expect(editor.locator('[class*="squiggly-"]').nth(1)).toBeAttached();
  await studio.shot('lint-while-typing');
  expect(readFileSync(join(studio.dir, 'versions', RISKY_FILE), 'utf8')).toBe(before);
});
