// Merging heads in the studio: two branches that add the same column are named as a conflict,
// a merge revision joins them (after the conflict is accepted), and an unapplied branch is
// linearized onto the other head instead. The graph shows one head right after either.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/studio.ts';

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';
const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;
const HEAD_ROWS = '[data-testid="graph-row"][data-head="true"]';

/** The revision file of `id` in the project copy, as written. */
function revisionFile(dir: string, id: string): string {
  const name = readdirSync(join(dir, 'versions')).find((f) => f.startsWith(`${id}_`));
  if (!name) throw new Error(`no file for ${id}`);
  return readFileSync(join(dir, 'versions', name), 'utf8');
}

test.describe('two branches that add the same column', () => {
  test.use({ projectSource: 'e2e/fixtures/merge-project' });

  test('the merge screen names the column; a merge revision of both heads leaves one head', async ({ studio }) => {
    const { page } = studio;
    await expect(page.locator(HEAD_ROWS)).toHaveCount(2);
    await expect(page.getByTestId('heads-banner')).toContainText('2 heads');

    // Pick both heads on the graph (Ctrl+click), then open the screen on them from the banner.
    await page.locator(row(A)).click({ modifiers: ['Control'] });
    await page.locator(row(B)).click({ modifiers: ['Control'] });
    await expect(page.locator(row(A))).toHaveAttribute('data-picked', 'true');
    await studio.shot('merge-picked-heads');
    await page.getByTestId('heads-merge-picked').click();

    const screen = page.getByTestId('merge-screen');
    await expect(screen.getByTestId('merge-branch')).toHaveCount(2);
    const branchB = screen.locator(`[data-testid="merge-branch"][data-head="${B}"]`);
    await expect(branchB.getByTestId('merge-revision')).toHaveCount(2);
    await expect(branchB.getByTestId('merge-object').filter({ hasText: 'teams' })).toHaveAttribute(
      'data-action',
      'create',
    );
    await expect(branchB.locator('[data-testid="merge-object"][data-conflict="true"]')).toHaveText(/users\.nickname/);

    const conflict = screen.getByTestId('merge-conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict).toHaveAttribute('data-object', 'users.nickname');
    await expect(conflict).toHaveAttribute('data-rule', 'same-column');
    await expect(screen.getByTestId('merge-verdict')).toHaveText('Conflict');
    // The default connection (a fresh dev.sqlite) has neither branch.
    await expect(screen.locator('[data-testid="merge-database"] td[data-placement="none"]')).toHaveCount(2);
    // The suggestion is the reconciling SQL to start from.
    await expect(screen.getByTestId('merge-upgrade-sql')).toHaveValue(/users\.nickname/);
    await studio.shot('merge-screen');
    await page.keyboard.press('Control+Alt+t');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // Buttons fade to the new theme: shoot once they are there.
    await expect(screen.getByTestId('merge-linearize').first()).toHaveCSS('background-color', 'rgb(26, 29, 35)');
    await studio.shot('merge-screen-dark');

    // Refused while the conflict is not accepted.
    await screen.getByTestId('merge-message').fill('merge the nickname branches');
    await expect(screen.getByTestId('merge-create')).toBeDisabled();
    await expect(screen.getByTestId('merge-blocked')).toContainText('1 conflict');
    await expect(screen.getByTestId('merge-refusal')).toContainText('1 conflict');

    await screen.getByTestId('merge-accept-conflicts').check();
    await expect(screen.getByTestId('merge-blocked')).toBeHidden();
    await studio.shot('merge-accepted');
    await screen.getByTestId('merge-create').click();

    await expect(screen).toBeHidden();
    await expect(page.locator(HEAD_ROWS)).toHaveCount(1);
    await expect(page.getByTestId('heads-banner')).toBeHidden();
    const head = page.locator(HEAD_ROWS);
    await expect(head).toContainText('merge the nickname branches');
    const merge = (await head.getAttribute('data-revision')) as string;
    await expect(page.getByTestId('inspector-id')).toContainText(merge);
    const text = revisionFile(studio.dir, merge);
    expect(text).toMatch(new RegExp(`^-- strata:parents (${A}, ${B}|${B}, ${A})$`, 'm'));
    expect(text).toContain('-- conflict (same-column)');
    await studio.shot('merge-done');
  });
});

// The same project, with branch B adding another column: no conflict this time.
const cleanBranches = {
  projectSource: 'e2e/fixtures/merge-project',
  projectPatch: {
    apply: (dir: string) => {
      const file = join(dir, 'versions', 'b2b2b2b2b2b2_show_nicknames_in_teams.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('nickname', 'team_nickname'));
    },
  },
};

test.describe('both branches applied', () => {
  test.use(cleanBranches);

  test('the screen warns about their order, offers no linearization, and merges at once', async ({ studio }) => {
    const { page } = studio;
    await page.getByTestId('upgrade-heads').click();
    await page.getByTestId('run-start').click();
    await expect(page.getByTestId('run-done')).toBeVisible();

    await page.getByTestId('heads-merge').click();
    const screen = page.getByTestId('merge-screen');
    await expect(screen.locator('[data-testid="merge-database"] td[data-placement]')).toHaveText([
      'applied',
      'applied',
    ]);
    await expect(screen.getByTestId('merge-order-warning')).toContainText(
      'in an order the merge revision does not record',
    );
    await expect(screen.getByTestId('merge-linearize')).toHaveCount(2);
    for (const button of await screen.getByTestId('merge-linearize').all()) await expect(button).toBeDisabled();
    await expect(screen.getByTestId('merge-refusal')).toHaveCount(0);
    await studio.shot('merge-applied-both');
    await screen.getByTestId('merge-create').click();
    await expect(screen).toBeHidden();
    await expect(page.locator(HEAD_ROWS)).toHaveCount(1);
  });
});

test.describe('an unapplied branch', () => {
  test.use(cleanBranches);

  test('is linearized onto the applied head after its header diff is shown', async ({ studio }) => {
    const { page } = studio;
    // Apply branch A on the default connection: only B may be linearized.
    await page.locator(row(A)).getByTestId('upgrade-to-here').click();
    await page.getByTestId('run-start').click();
    await expect(page.getByTestId('run-done')).toBeVisible();
    await expect(page.locator(row(A))).toHaveAttribute('data-applied', 'true');

    // Through the palette this time.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('merge heads');
    await page.keyboard.press('Enter');
    const screen = page.getByTestId('merge-screen');
    await expect(screen.getByTestId('merge-verdict')).toHaveText('No conflict');
    await expect(screen.locator('[data-testid="merge-database"] td[data-placement]')).toHaveText([
      'applied',
      'not applied',
    ]);
    const branch = (head: string) => screen.locator(`[data-testid="merge-branch"][data-head="${head}"]`);
    await expect(branch(A).getByTestId('merge-linearize')).toBeDisabled();
    await expect(branch(A).getByTestId('merge-linearize')).toHaveAttribute('title', /applied on project/);
    await branch(B).getByTestId('merge-linearize').click();

    const dialog = page.getByTestId('linearize-dialog');
    const diff = dialog.getByTestId('linearize-diff');
    await expect(diff).toContainText('b1b1b1b1b1b1_create_teams.sql');
    await expect(diff.locator('.merge-diff-line.is-del')).toHaveText(['--- strata:parents 1a2b3c4d5e01']);
    await expect(diff.locator('.merge-diff-line.is-add')).toHaveText([`+-- strata:parents ${A}`]);
    // Nothing is written before the confirmation.
    expect(revisionFile(studio.dir, 'b1b1b1b1b1b1')).toContain('-- strata:parents 1a2b3c4d5e01');
    await expect(dialog.getByTestId('linearize-confirm')).toBeEnabled();
    await studio.shot('linearize-preview');
    await dialog.getByTestId('linearize-confirm').click();

    await expect(screen).toBeHidden();
    await expect(page.locator(HEAD_ROWS)).toHaveCount(1);
    await expect(page.locator(HEAD_ROWS)).toHaveAttribute('data-revision', B);
    expect(revisionFile(studio.dir, 'b1b1b1b1b1b1')).toContain(`-- strata:parents ${A}`);
    await studio.shot('linearize-done');
  });
});
