// An Alembic project upgraded from the run console: its SQLite sqlalchemy.url is the built-in
// connection, the plan comes first, alembic itself runs (Debian's python3-alembic), its lines
// stream into the console as it prints them, and the graph shows the head reached, read back
// from alembic_version.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alembicCommand } from '../test/support/alembic.ts';
import { expect, test } from './support/studio.ts';

const row = (id: string): string => `[data-testid="graph-row"][data-revision="${id}"]`;

test.use({
  projectSource: 'e2e/fixtures/alembic-project',
  projectPatch: {
    apply: (dir: string) => {
      writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() }));
      const ini = join(dir, 'alembic.ini');
      writeFileSync(
        ini,
        readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, 'sqlalchemy.url = sqlite:///app.db'),
      );
    },
  },
});

test('upgrades an Alembic project from the run console, alembic streaming its lines', async ({ studio }) => {
  const { page } = studio;
  await expect(page.locator(row('m3rge'))).toBeVisible();
  await expect(page.locator('[data-testid="connection-item"][data-connection-id="default"]')).toHaveAttribute(
    'data-status',
    'reachable',
  );
  await page.locator(row('m3rge')).click();
  await page.locator(row('m3rge')).getByTestId('upgrade-to-here').click();
  await expect(page.getByTestId('run-status')).toContainText('Ready · 5 steps');
  await studio.shot('alembic-run-plan');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
  const lines = page.getByTestId('run-output-line');
  await expect(lines.first()).toHaveText(/^alembic upgrade m3rge {2}\(in .*\)$/);
  await expect(lines.filter({ hasText: 'Running upgrade ae1027a6acf, 6f8a4c0d2e3g -> m3rge' })).toHaveCount(1);
  await expect(lines.filter({ hasText: 'Running upgrade  -> 1975ea83b712' })).toHaveCount(1);
  await expect(lines.last()).toHaveText('alembic_version now: m3rge');
  await expect(page.getByTestId('run-done')).toContainText('Upgraded 5 revisions');
  await expect(page.getByTestId('run-done')).toContainText('is now at m3rge');
  await expect(page.locator(row('m3rge'))).toHaveAttribute('data-db-head', 'true');
  await expect(page.locator(row('kilo'))).toHaveAttribute('data-applied', 'true');
  await studio.shot('alembic-run-done');
});
