// The daily loop on the sample: see the graph and its two heads, plan, run, step, downgrade.
import { expect, test } from './support/studio.ts';

const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;

test('opens the sample and shows its two heads', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByTestId('graph-row')).not.toHaveCount(0);
  await expect(page.locator('[data-testid="graph-row"][data-head="true"]')).toHaveCount(2);
  await expect(page.getByTestId('heads-banner')).toContainText('2 heads');
  await expect(page.locator('[data-testid="connection-item"][data-connection-id="default"]')).toHaveAttribute(
    'data-status',
    'reachable',
  );
  await studio.shot('graph');
});

test('upgrades to a chosen revision, then steps one, then downgrades; markers follow', async ({ studio }) => {
  const { page } = studio;
  const target = 'e45df46a870b'; // the merge of billing
  await page.locator(row(target)).click();
  await expect(page.getByTestId('inspector-id')).toContainText(target);
  await studio.shot('inspector');
  await page.locator(row(target)).getByTestId('upgrade-to-here').click();
  await expect(page.getByTestId('run-start')).toBeVisible();
  await studio.shot('plan');
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  await expect(page.locator(row(target))).toHaveAttribute('data-applied', 'true');
  await expect(page.locator(row(target))).toHaveAttribute('data-db-head', 'true');
  await expect(page.locator(row('0874aef793be'))).toHaveAttribute('data-applied', 'false');
  const appliedBefore = await page.locator('[data-testid="graph-row"][data-applied="true"]').count();
  await studio.shot('run-done');

  // Step one: plan all heads, run only the first step.
  await page.locator(row('0874aef793be')).getByTestId('upgrade-to-here').click();
  await expect(page.getByTestId('run-step')).toBeVisible();
  await page.getByTestId('run-step').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  await expect(page.locator('[data-testid="graph-row"][data-applied="true"]')).toHaveCount(appliedBefore + 1);

  // Downgrade back to the merge's first parent side: everything above the target goes.
  await page.locator(row(target)).getByTestId('downgrade-to-here').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  await expect(page.locator('[data-testid="graph-row"][data-applied="true"]')).toHaveCount(appliedBefore);
  await expect(page.locator(row(target))).toHaveAttribute('data-db-head', 'true');
});
