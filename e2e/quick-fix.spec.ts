// The lock-risk fix as Monaco offers it while editing: the caret on the risky statement, the
// light bulb, Ctrl+. opening Monaco's Quick Fix menu with the action from the editor's code
// action provider, and that action (Monaco runs its command) writing the same file as the
// Fix button of lint.spec.ts. The project is lint.spec.ts's: the PostgreSQL sample plus one
// CREATE INDEX without CONCURRENTLY on an existing table; no database is needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/studio.ts';
import {
  graphRow as row,
  RISKY,
  RISKY_FILE,
  RISKY_RULE as RULE,
  RISKY_TEXT,
  riskyProject,
} from './support/risky-revision.ts';

test.use(riskyProject);

test('the fix as a Monaco quick fix (Ctrl+. on the marker while editing) writes the file', async ({ studio }) => {
  const { page } = studio;
  const risky = page.locator(row(RISKY));
  const findings = page.getByTestId('lint-finding');
  await risky.click();
  await expect(page.getByTestId('inspector-id')).toContainText(RISKY);
  await expect(page.locator(`[data-testid="lint-finding"][data-rule="${RULE}"]`)).toBeVisible();
  await expect(findings).toHaveCount(1);

  // Monaco offers code actions only in an editable editor. After Edit, a real click puts the
  // caret on the statement and focuses the editor; the light bulb says actions are there.
  await page.getByTestId('edit-revision').click();
  const editor = page.getByTestId('upgrade-sql');
  await expect(editor.locator('.squiggly-error').first()).toBeAttached();
  await editor.locator('.view-line', { hasText: 'CREATE INDEX' }).click();
  await expect(editor.locator('.lightBulbWidget')).toBeVisible();

  // Ctrl+. opens Monaco's action widget with the one action the provider gives for the marker.
  await page.keyboard.press('Control+.');
  const menu = page.getByRole('listbox', { name: 'Action Widget' });
  const action = menu.getByRole('option', {
    name: new RegExp(`^Build the index CONCURRENTLY and mark the revision 'transactional false' \\(${RULE}\\)`),
  });
  await expect(action).toBeVisible();
  await expect(menu.getByRole('option')).toHaveCount(1);
  await studio.shot('quick-fix-menu');

  // Choosing it runs the action's command, which fixes the saved file like the Fix button:
  // CONCURRENTLY after INDEX and `transactional false` in the header, nothing else changed.
  await action.click();
  await expect(menu).toBeHidden();
  // The fix is shown as a diff of the file before anything is written.
  const preview = page.getByTestId('fix-preview');
  await expect(preview.getByTestId('fix-preview-diff').locator('.editor.modified')).toContainText('CONCURRENTLY');
  await expect(preview.getByTestId('fix-preview-applied')).toHaveCount(0);
  await studio.shot('quick-fix-preview');
  await preview.getByTestId('fix-preview-apply').click();
  await expect(page.getByTestId('lint-clean')).toBeVisible();
  await expect(findings).toHaveCount(0);
  const text = readFileSync(join(studio.dir, 'versions', RISKY_FILE), 'utf8');
  expect(text).toContain('CREATE INDEX CONCURRENTLY audit_log_action_idx ON audit_log (action);');
  expect(text).toMatch(/^-- strata:transactional false$/m);
  expect(text).toBe(
    RISKY_TEXT.replace('-- strata:created 2026-11-22T00:00:00Z\n', '$&-- strata:transactional false\n').replace(
      'CREATE INDEX audit_log_action_idx',
      'CREATE INDEX CONCURRENTLY audit_log_action_idx',
    ),
  );

  // The editor shows the fixed file, read-only again (the fix discarded the unchanged draft).
  await expect(editor).toContainText('CONCURRENTLY');
  await expect(editor.locator('.squiggly-error')).toHaveCount(0);
  await expect(page.getByTestId('edit-revision')).toBeVisible();
  await expect(risky.getByTestId('lint-badge')).toHaveCount(0);
  await expect(risky).toContainText('no txn');
  await studio.shot('quick-fix-applied');
});
