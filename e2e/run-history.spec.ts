// A run's outcome outlives the page: after a reload, the console reads the connection's last
// run back from its history table (its steps, each one's outcome, the error).
import { BROKEN, brokenRevisionPatch } from './support/broken-revision.ts';
import { expect, test } from './support/studio.ts';

test.use({ projectPatch: brokenRevisionPatch });

test('after a reload the console shows the last run, read back from the history table', async ({ studio }) => {
  const { page } = studio;
  await page.locator(`[data-testid="graph-row"][data-revision="${BROKEN}"]`).getByTestId('upgrade-to-here').click();
  // The plan is asked of the service: count its steps once it is shown.
  await expect(page.getByTestId('run-plan-step').first()).toBeVisible();
  const steps = await page.getByTestId('run-plan-step').count();
  expect(steps).toBeGreaterThan(1);
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-failure')).toBeVisible();

  await page.reload();
  const last = page.getByTestId('run-last');
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('data-outcome', 'failed');
  await expect(last.getByTestId('run-last-outcome')).toHaveText('failed');
  await expect(last.getByTestId('run-last-step')).toHaveCount(steps);
  const broken = last.locator(`[data-testid="run-last-step"][data-revision="${BROKEN}"]`);
  await expect(broken).toHaveAttribute('data-outcome', 'failed');
  await expect(broken).toContainText('no such table: no_such_table');
  await expect(last.locator('[data-testid="run-last-step"][data-outcome="applied"]')).toHaveCount(steps - 1);
  await studio.shot('run-last-after-reload');
});
