// What goes wrong must be shown, and must leave the database as it was.
import { brokenRevisionPatch } from './support/broken-revision.ts';
import { expect, test } from './support/studio.ts';

test.describe('a broken revision', () => {
  test.use({ projectPatch: brokenRevisionPatch });

  test('shows its error with the failing statement and leaves the database unchanged', async ({ studio }) => {
    const { page } = studio;
    const before = 'c19e2a59ca10';
    await page.locator(`[data-testid="graph-row"][data-revision="${before}"]`).getByTestId('upgrade-to-here').click();
    await page.getByTestId('run-start').click();
    const failure = page.getByTestId('run-failure');
    await expect(failure).toBeVisible();
    await expect(failure).toContainText('no such table: no_such_table');
    await expect(failure).toContainText('c19e2a59ca10');
    await expect(failure).toContainText(/rolled back/);
    await studio.shot('run-failure');
    // The revision before it stays the database's head; the broken one is not applied.
    await expect(page.locator('[data-testid="graph-row"][data-revision="c19e2a59ca10"]')).toHaveAttribute(
      'data-applied',
      'false',
    );
    await expect(page.locator('[data-testid="graph-row"][data-revision="3e748265a99a"]')).toHaveAttribute(
      'data-db-head',
      'true',
    );
  });
});

test('the bridge refuses a request without its token', async ({ studio, playwright }) => {
  test.skip(studio.bridge === undefined, 'the bridge exists only in the web project');
  const bridge = studio.bridge as NonNullable<typeof studio.bridge>;
  // A new request context, like another program on this machine.
  const outsider = await playwright.request.newContext();
  expect((await outsider.post(`${bridge.origin}/api/project.info`, { data: {} })).status()).toBe(401);
  // The page itself is public build output: it loads, and explains where the token is.
  expect((await outsider.get(`${bridge.origin}/`)).status()).toBe(200);
  expect(
    (
      await outsider.post(`${bridge.origin}/api/project.info`, {
        data: {},
        headers: { 'x-strata-token': bridge.token },
      })
    ).status(),
  ).toBe(200);
  await outsider.dispose();
});
