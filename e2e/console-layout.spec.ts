// The console and the inspector are resized by dragging their borders and keep their sizes
// across a reload; a long statement in the console opens in place; a connection that cannot be
// reached shows a red dot wherever a dot is drawn, never a green one.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/studio.ts';

/** The PostgreSQL sample's base revision. */
const PG_BASE = '8329d88932b2';
const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

/** Drags a handle from its middle by (dx, dy), as a user does. */
async function drag(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const b = await box(handle);
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

test('the console and the inspector are resized by dragging, and keep their sizes after a reload', async ({
  studio,
}) => {
  const { page } = studio;
  const consoleArea = page.locator('.studio-bottom');
  const inspectorArea = page.locator('.studio-right');
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  const before = { console: (await box(consoleArea)).height, inspector: (await box(inspectorArea)).width };
  await drag(page, page.getByTestId('resize-console'), 0, -150);
  await drag(page, page.getByTestId('resize-inspector'), -120, 0);
  await expect.poll(async () => Math.round((await box(consoleArea)).height)).toBe(Math.round(before.console + 150));
  await expect.poll(async () => Math.round((await box(inspectorArea)).width)).toBe(Math.round(before.inspector + 120));

  await page.reload();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await expect.poll(async () => Math.round((await box(consoleArea)).height)).toBe(Math.round(before.console + 150));
  await expect.poll(async () => Math.round((await box(inspectorArea)).width)).toBe(Math.round(before.inspector + 120));

  // The keyboard moves a focused handle too; Home puts the default size back.
  await page.getByTestId('resize-console').focus();
  await page.keyboard.press('Home');
  await expect.poll(async () => Math.round((await box(consoleArea)).height)).toBe(Math.round(before.console));

  // A long statement opens in place, whole, and closes again.
  await page.locator(row('3550b5f2509d')).getByTestId('upgrade-to-here').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  const statement = page.getByTestId('run-statement').filter({ hasText: 'CREATE TABLE' }).first();
  await statement.getByTestId('run-statement-expand').click();
  await expect(statement).toHaveAttribute('data-expanded', 'true');
  const full = statement.getByTestId('run-statement-full');
  await expect(full).toBeVisible();
  expect((await box(full)).height).toBeGreaterThan(40);
  await studio.shot('console-resized-statement-expanded');
  await statement.getByTestId('run-statement-expand').click();
  await expect(statement).toHaveAttribute('data-expanded', 'false');
});

test.describe('on a PostgreSQL project', () => {
  test.use({ projectSource: 'migrations-sample/postgres' });

  test('an unreachable connection shows a red dot in the left bar and in the console, never a green one', async ({
    studio,
  }) => {
    const { page } = studio;
    await page.getByTestId('add-connection').click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.getByTestId('conn-name').fill('nowhere');
    await dialog.getByTestId('conn-kind').selectOption('postgres');
    await dialog.getByTestId('conn-host').fill('127.0.0.1');
    await dialog.getByTestId('conn-port').fill('1');
    await dialog.getByTestId('conn-database').fill('app');
    await dialog.getByTestId('conn-user').fill('app');
    await dialog.getByTestId('conn-ssl').selectOption('disable');
    await dialog.getByTestId('conn-save').click();
    const item = page.locator('[data-testid="connection-item"]', { hasText: 'nowhere' });
    await item.click();
    await expect(item).toHaveAttribute('data-status', 'unreachable');
    await expect(item.locator('.ui-dot--error')).toHaveCount(1);
    await expect(item.locator('.ui-dot--ok')).toHaveCount(0);

    await page.locator(row(PG_BASE)).getByTestId('upgrade-to-here').click();
    const dot = page.getByTestId('run-connection-dot');
    await expect(dot).toHaveAttribute('data-state', 'unreachable');
    await expect(page.locator('.ui-dot--ok')).toHaveCount(
      // Only a reachable connection may be green (the PostgreSQL sample has no embedded one).
      await page.locator('[data-testid="connection-item"][data-status="reachable"] .ui-dot--ok').count(),
    );
    await expect(page.getByTestId('run-connection').locator('.ui-dot--ok')).toHaveCount(0);
    await studio.shot('unreachable-connection-dots');
  });
});
