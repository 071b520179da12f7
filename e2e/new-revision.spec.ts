// New revision from the studio: from the palette, the toolbar or a row's menu (on this head /
// on this revision); the file is written in the native layout and opens in the editor.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from './support/studio.ts';

const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;

test('New revision on a head, from a row menu: written natively and opened in the editor', async ({ studio }) => {
  const { page } = studio;
  const head = '0874aef793be';
  await page.locator(row(head)).click({ button: 'right' });
  await page.getByTestId('graph-row-menu').getByText('New revision on this head…').click();
  const dialog = page.getByTestId('new-revision-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('new-revision-parent')).toHaveValue(head);
  await dialog.getByTestId('new-revision-message').fill('add key scopes');
  await dialog.getByTestId('new-revision-label').fill('scopes');
  await dialog.getByTestId('new-revision-depends-on').fill('6889de750fdb');
  await dialog.getByTestId('new-revision-transactional').uncheck();
  await studio.shot('new-revision-dialog');
  await dialog.getByTestId('new-revision-create').click();
  await expect(dialog).toHaveCount(0);

  // The new head is selected and in edit mode.
  const newHead = page.locator('[data-testid="graph-row"][data-head="true"]', { hasText: 'add key scopes' });
  await expect(newHead).toHaveCount(1);
  await expect(page.locator(row(head))).toHaveAttribute('data-head', 'false');
  await expect(page.getByTestId('save-revision')).toBeVisible();
  const id = (await newHead.getAttribute('data-revision')) as string;
  await expect(page.getByTestId('inspector-id')).toContainText(id);
  await studio.shot('new-revision-editor');

  // The native layout, as `strata revision` writes it.
  const file = (await page.getByTestId('inspector').locator('dd[title$=".sql"]').getAttribute('title')) as string;
  // Relative to the studio's working folder: the project's parent here.
  const text = readFileSync(resolve(studio.dir, '..', file), 'utf8');
  expect(text).toMatch(
    new RegExp(
      `^-- strata:revision ${id}\\n-- strata:parents ${head}\\n-- strata:depends-on 6889de750fdb\\n` +
        `-- strata:branch-labels scopes\\n-- strata:message add key scopes\\n-- strata:created .+\\n` +
        `-- strata:transactional false\\n\\n-- strata:upgrade\\n`,
    ),
  );
});

test('New revision from the palette and the toolbar; a refusal is shown in the dialog', async ({ studio }) => {
  const { page } = studio;
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('new revision');
  await page.getByTestId('palette-item').filter({ hasText: 'New revision' }).first().click();
  const dialog = page.getByTestId('new-revision-dialog');
  await expect(dialog).toBeVisible();
  // A label already taken: the use case's message, nothing written.
  await dialog.getByTestId('new-revision-message').fill('taken label');
  await dialog.getByTestId('new-revision-label').fill('billing');
  await dialog.getByTestId('new-revision-create').click();
  await expect(dialog).toContainText("branch label 'billing' is already used");
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);

  const before = await page.getByTestId('graph-row').count();
  await page.getByTestId('new-revision').click();
  await dialog.getByTestId('new-revision-message').fill('from the toolbar');
  await dialog.getByTestId('new-revision-message').press('Enter');
  await expect(page.getByTestId('graph-row')).toHaveCount(before + 1);
  await expect(page.locator('[data-testid="graph-row"]', { hasText: 'from the toolbar' })).toHaveCount(1);
});
