// Monaco is fetched ahead of need, but never in the moments after the graph appears: its
// evaluation is one long task, and the first click on a row lands in those moments (the
// launch budget, DESIGN.md). The page's timers run on Playwright's clock here, so the test
// says when time passes and a slow machine changes nothing.
import type { Page } from '@playwright/test';
import { expect, test } from './support/studio.ts';

/** Reloads with the page's timers paused; the SQL editor's chunk requests from then on. */
async function reloadPaused(page: Page): Promise<string[]> {
  const requested: string[] = [];
  page.on('request', (r) => {
    if (/\/MonacoSqlEditor-[^/]*\.js$/.test(new URL(r.url()).pathname)) requested.push(r.url());
  });
  // Installed and paused: the page's time moves only when runFor says so.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.reload();
  // What the fixture's first load of the page asked for does not count.
  requested.length = 0;
  return requested;
}

test('fetches the SQL editor only once the graph has been on screen a while', async ({ studio }) => {
  const { page } = studio;
  const requested = await reloadPaused(page);
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  const editorRequested = (): boolean => requested.length > 0;
  // The moments after the rows appear, idle as they may be: nothing heavy starts.
  await page.clock.runFor(1000);
  await page.waitForTimeout(300);
  expect(editorRequested()).toBe(false);
  // A while later it is fetched without any click.
  await page.clock.runFor(3000);
  await expect.poll(editorRequested, { timeout: 10_000 }).toBe(true);
});

test('a row selected before the editor is in shows its SQL at once, the editor a moment later', async ({ studio }) => {
  const { page } = studio;
  const requested = await reloadPaused(page);
  await page.getByTestId('graph-row').nth(1).locator('.graph-msg').click();
  await expect(page.getByTestId('graph-row').nth(1)).toHaveAttribute('aria-selected', 'true');
  // The text, as plain monospace; Monaco's long evaluation stays out of the moments after the click.
  await expect(page.getByTestId('upgrade-sql').locator('pre')).toContainText(/\S/);
  await page.waitForTimeout(300);
  expect(requested).toEqual([]);
  await page.clock.runFor(1000);
  await expect.poll(() => requested.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('upgrade-sql').locator('.monaco-editor')).toBeVisible();
});
