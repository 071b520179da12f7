// An existing Alembic project (alembic.ini, Python revision modules with ids like `kilo` and
// `6f8a4c0d2e3g`, a second base with a branch label, a merge) opened in the studio as it is:
// its graph read without Python, and one revision's SQL as the project's own alembic renders
// it offline, linted with its lock preview (ACCESS EXCLUSIVE / SHARE on the tables it touches);
// its Edit and Fix disabled with the reason, its findings' lines labelled as the offline SQL's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alembicCommand } from '../test/support/alembic.ts';
import { expect, test } from './support/studio.ts';

const row = (id: string): string => `[data-testid="graph-row"][data-revision="${id}"]`;

test.use({
  projectSource: 'e2e/fixtures/alembic-project',
  projectPatch: {
    apply: (dir: string) =>
      writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() })),
  },
});

test("the studio opens an Alembic project: its graph, and a lock preview of a revision's offline SQL", async ({
  studio,
}) => {
  const { page } = studio;
  for (const id of ['m3rge', 'ae1027a6acf', '1975ea83b712', '6f8a4c0d2e3g', 'kilo'])
    await expect(page.locator(row(id))).toBeVisible();
  await expect(page.locator(row('m3rge'))).toContainText('join audit');
  await expect(page.locator(row('m3rge'))).toContainText('audit');
  await studio.shot('alembic-graph');

  const risky = page.locator(row('ae1027a6acf'));
  await risky.click();
  await expect(page.getByTestId('inspector-id')).toContainText('ae1027a6acf');
  // The SQL alembic renders offline for this revision, shown and linted like native SQL.
  await expect(page.locator('[data-testid="upgrade-sql"]')).toContainText(
    'CREATE INDEX account_email ON account (email)',
    { timeout: 60_000 },
  );
  const finding = page.locator('[data-testid="lint-finding"][data-rule="require-concurrent-index-creation"]');
  await expect(finding).toBeVisible({ timeout: 60_000 });
  await expect(finding).toContainText('account');
  await expect(risky.getByTestId('lint-badge')).toHaveAttribute('data-severity', 'error');
  // Its source is Python: no Edit, no Fix (each says why), and the lines are the offline SQL's.
  await expect(finding.getByTestId('lint-line')).toHaveText(/^line \d+ of the offline SQL$/);
  await expect(finding.getByTestId('lint-fix')).toBeDisabled();
  await expect(finding.getByTestId('lint-fix')).toHaveAttribute('title', /Python module/);
  await expect(page.getByTestId('edit-revision')).toBeDisabled();
  await expect(page.getByTestId('edit-revision')).toHaveAttribute('title', /edit the \.py file/);
  await studio.shot('alembic-inspector-lock-preview');
});
