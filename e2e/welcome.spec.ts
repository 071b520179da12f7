// First run: a studio started with no project (none named, none remembered) shows the
// welcome screen, and each of its ways in ends in the studio: the sample, a new project,
// an existing one; a folder that is no project is named on the screen with its problem.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Studio } from './support/studio.ts';

test.use({ withoutProject: true });

/**
 * What a user does to hand the studio a folder: in a browser, type its path; in the desktop
 * app, pick it in the native dialog (stubbed in the main process: it cannot be clicked).
 */
async function chooseFolder(studio: Studio, dir: string): Promise<void> {
  if (studio.electron) {
    await studio.electron.evaluate(({ dialog }, picked) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [picked] })) as typeof dialog.showOpenDialog;
    }, dir);
  } else {
    await studio.page.getByTestId('welcome-path').fill(dir);
  }
}

test('the welcome screen offers four ways in, and the sample opens', async ({ studio }) => {
  const { page } = studio;
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  for (const name of ['Open project', 'Open Alembic project', 'New project', 'Open the sample']) {
    await expect(welcome.getByRole('button', { name })).toBeVisible();
  }
  await studio.shot('welcome');
  await welcome.getByRole('button', { name: 'Open the sample' }).click();
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await expect(page.getByTestId('project-name')).toHaveText('migrations-sample');
  // A reload keeps the project: the welcome screen was for the start only.
  await page.reload();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

test('a new project is written and opened; an existing one opens', async ({ studio }) => {
  const { page, dir } = studio;
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  const fresh = join(dir, '..', 'new-app');
  await chooseFolder(studio, fresh);
  await welcome.getByTestId('welcome-dialect').selectOption('postgres');
  await welcome.getByTestId('welcome-new').click();
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('project-name')).toHaveText('new-app');
  await expect(page.getByTestId('project-dialect')).toHaveText(/postgres/i);
  expect(JSON.parse(readFileSync(join(fresh, 'strata.json'), 'utf8'))).toMatchObject({
    dialect: 'postgres',
    versions: 'versions',
  });
  expect(existsSync(join(fresh, 'versions'))).toBe(true);
  await studio.shot('welcome-new-project');
});

test('a folder that is no project is named on the welcome screen; then a real one opens', async ({ studio }) => {
  const { page, dir } = studio;
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  if (!studio.electron) {
    await welcome.getByTestId('welcome-open').click();
    await expect(welcome.getByText('Type the folder’s path first')).toBeVisible();
  }
  const empty = join(dir, '..', 'not-a-project');
  mkdirSync(empty);
  await chooseFolder(studio, empty);
  await welcome.getByTestId('welcome-open').click();
  await expect(welcome.getByTestId('welcome-problems')).toContainText(`${empty} is not a project Strata can open`);
  await expect(welcome.getByTestId('welcome-problems')).toContainText('strata.json');
  await studio.shot('welcome-not-a-project');
  await chooseFolder(studio, dir);
  await welcome.getByTestId('welcome-open').click();
  await expect(welcome).toBeHidden();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await expect(page.getByTestId('project-revisions')).toContainText('31');
});
