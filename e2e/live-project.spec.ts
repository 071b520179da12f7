// The project is live: what the CLI, an editor or a git pull does to the files shows in the
// graph, the inspector and the plan within a second, without a reload of the page.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from './support/studio.ts';

const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;
// Within a second at the service (project-live.test.ts times it); the page adds a fetch and a
// paint, on a machine the e2e run shares with others.
const LIVE = { timeout: 3_000 };

function fileOf(dir: string, id: string): string {
  const name = readdirSync(join(dir, 'versions')).find((f) => f.startsWith(id));
  if (!name) throw new Error(`no file for ${id}`);
  return join(dir, 'versions', name);
}

test('a merge written by the CLI shows at once, and the plan agrees with the graph', async ({ studio }) => {
  const { page, dir } = studio;
  await expect(page.locator('[data-testid="graph-row"][data-head="true"]')).toHaveCount(2);
  await expect(page.getByTestId('heads-banner')).toBeVisible();
  const before = await page.getByTestId('graph-row').count();
  // The plan is on screen when the project changes under it.
  await page.getByTestId('upgrade-heads').click();
  await expect(page.getByTestId('run-plan-step')).toHaveCount(before);

  execFileSync(process.execPath, [resolve('bin/strata.js'), '--project', dir, 'merge', 'heads', '-m', 'join heads'], {
    cwd: dir,
  });
  await expect(page.getByTestId('graph-row')).toHaveCount(before + 1, LIVE);
  await expect(page.getByTestId('heads-banner')).toHaveCount(0);
  const merge = await page.locator('[data-testid="graph-row"][data-head="true"]').getAttribute('data-revision');
  expect(merge).toBeTruthy();
  // The plan shown was made again from the same load: every step is a revision of the graph.
  await expect(page.getByTestId('run-plan-step')).toHaveCount(before + 1);
  await expect(page.locator(`[data-testid="run-plan-step"][data-revision="${merge}"]`)).toHaveCount(1);
  await expect(page.getByTestId('run-console')).not.toContainText('no revision');
  await studio.shot('live-merge');
});

test("an editor's save, a rename and a delete on disk follow in the graph and the inspector", async ({ studio }) => {
  const { page, dir } = studio;
  const id = '0874aef793be';
  await page.locator(row(id)).click();
  await expect(page.getByTestId('inspector-id')).toContainText(id);
  const path = fileOf(dir, id);
  // Saved as editors do: a scratch file renamed over the revision.
  const text = readFileSync(path, 'utf8').replace('add expiry to api keys', 'expire api keys after a year');
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  await expect(page.locator(row(id))).toContainText('expire api keys after a year', LIVE);
  await expect(page.getByTestId('inspector')).toContainText('expire api keys after a year');
  await studio.shot('live-edit');

  renameSync(path, join(dir, 'versions', `${id}_renamed.sql`));
  await expect(page.getByTestId('inspector')).toContainText(`${id}_renamed.sql`, LIVE);

  rmSync(join(dir, 'versions', `${id}_renamed.sql`));
  await expect(page.locator(row(id))).toHaveCount(0, LIVE);
  await expect(page.locator('[data-testid="graph-row"][data-head="true"]')).toHaveCount(2);
});
