// What the studio does with damaged or absent files: a damaged connections store is kept
// aside and said so, and opening a project creates no database file.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/studio.ts';

test.describe('a damaged connections store', () => {
  test.use({
    configPatch: {
      apply: (configDir: string) =>
        writeFileSync(join(configDir, 'connections.json'), '{"connections": [ {"id": "c1", "name": "staging",'),
    },
  });

  test('does not stop the studio: kept aside, started with none, said so in the connections bar', async ({
    studio,
  }) => {
    const { page, configDir } = studio;
    const kept = readdirSync(configDir).find((f) => f.startsWith('connections.json.broken-')) as string;
    expect(kept).toMatch(/^connections\.json\.broken-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(readFileSync(join(configDir, kept), 'utf8')).toContain('"staging"');
    const notice = page.getByTestId('connections-store-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Saved connections could not be read');
    await expect(notice).toContainText('not valid JSON');
    await expect(notice).toContainText(join(configDir, kept));
    // The studio works: the embedded connection is there and the graph is drawn.
    await expect(page.getByTestId('connection-item')).toHaveCount(1);
    await expect(page.getByTestId('graph-row').first()).toBeVisible();
    await studio.shot('connections-store-notice');
    await notice.getByRole('button', { name: 'Dismiss the notice about saved connections' }).click();
    await expect(notice).toHaveCount(0);
  });
});

test('opening the project creates no database file until something runs', async ({ studio }) => {
  const { page, dir } = studio;
  const counts = page.getByTestId('connection-counts');
  await expect(counts).toHaveAttribute('data-exists', 'false');
  await expect(counts).toContainText('no database yet');
  await expect(counts).toContainText('31 pending');
  // A revision's inspector asks for its history on the active connection, too.
  await page.getByTestId('graph-row').first().click();
  await page.getByTestId('conn-item-test').click({ force: true });
  await expect(page.getByTestId('connection-test-result')).toContainText('no database file yet');
  await studio.shot('no-database-yet');
  expect(readdirSync(dir).filter((f) => f.startsWith('dev.sqlite'))).toEqual([]);
  expect(existsSync(join(dir, 'dev.sqlite'))).toBe(false);
});
