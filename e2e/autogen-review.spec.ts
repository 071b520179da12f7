// The review screen for autogenerate, as a developer uses it: schema.sql renames a column and
// adds a table; the screen asks whether users.name → display_name is a rename, the answer turns
// a drop + add into RENAME COLUMN, the new table is left out, and "Save as revision" writes
// what was reviewed as a new revision on the head. The fixture has no connection, so the
// schema.sql is compared with the migrations' heads.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/studio.ts';

const HEAD = '2a3b4c5d6e7f';

test.use({
  projectSource: 'e2e/fixtures/autogen-project',
  projectPatch: {
    apply: (dir: string) => {
      const file = join(dir, 'schema.sql');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('  name TEXT NOT NULL,', '  display_name TEXT NOT NULL,') +
          '\nCREATE TABLE tags (\n  id INTEGER PRIMARY KEY,\n  label TEXT NOT NULL\n);\n',
      );
    },
  },
});

test('autogenerate: the rename is asked, answered, reviewed and saved as a revision on the head', async ({
  studio,
}) => {
  const { page } = studio;
  await expect(page.getByTestId('graph-row').first()).toBeVisible();

  // From the palette, as a keyboard user would.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('autogenerate');
  await expect(page.getByTestId('palette-item').first()).toContainText('Autogenerate revision');
  // Progress shows while the diff runs (on SQLite it may last less than a second): watched
  // for from before the screen opens.
  const progressSeen = page.getByTestId('review-progress').waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  const screen = page.getByTestId('review-screen');
  await expect(screen).toBeVisible();
  await progressSeen;
  await expect(page.getByTestId('review-progress')).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('review-error')).toHaveCount(0);
  await expect(page.getByTestId('review-source')).toHaveValue('heads');

  // The schema diff shows both sides as DDL.
  const schemaDiff = page.getByTestId('review-schema-diff');
  await expect(schemaDiff.locator('.editor.original')).toContainText('name TEXT NOT NULL');
  await expect(schemaDiff.locator('.editor.modified')).toContainText('display_name TEXT NOT NULL');

  // Before the answer: a drop + add, the drop in red, and Save blocked until it is decided.
  const prompt = page.getByTestId('rename-prompt');
  await expect(prompt).toHaveCount(1);
  await expect(prompt).toContainText('Rename column users.name → display_name, or drop and add?');
  const destructive = page.locator('[data-testid="review-operation"][data-destructive="true"]');
  await expect(destructive).toContainText('dropColumn');
  await expect(page.getByTestId('review-save')).toBeDisabled();
  await expect(page.getByTestId('review-blockers')).toContainText('answer the rename question');
  await expect(page.getByTestId('review-blockers')).toContainText('confirm the destructive operation');
  await studio.shot('autogen-review-rename-question');

  // Rename: the diff is asked again; the upgrade renames, nothing is dropped.
  await page.getByTestId('rename-answer-rename').click();
  const upgrade = page.getByTestId('review-upgrade');
  await expect(upgrade).toContainText('ALTER TABLE users RENAME COLUMN name TO display_name;');
  await expect(destructive).toHaveCount(0);
  await expect(upgrade).not.toContainText('DROP');
  await expect(upgrade).toContainText('CREATE TABLE tags');

  // Leave the new table out: the diff is asked again without it.
  await page.getByRole('checkbox', { name: 'Include main.tags' }).uncheck();
  await expect(upgrade).not.toContainText('CREATE TABLE tags');
  await expect(upgrade).toContainText('RENAME COLUMN name TO display_name');
  await expect(page.getByTestId('review-object').filter({ hasText: 'main.tags' })).toContainText('left out');

  await page.getByTestId('review-message').fill('rename users.name to display_name');
  await expect(page.getByTestId('review-save')).toBeEnabled();
  await studio.shot('autogen-review');

  await page.getByTestId('review-save').click();
  await expect(screen).toBeHidden();

  // A new revision file on the head, with exactly what was reviewed.
  const files = readdirSync(join(studio.dir, 'versions')).filter((f) => !f.startsWith(HEAD) && !f.startsWith('1f2e'));
  expect(files).toHaveLength(1);
  const text = readFileSync(join(studio.dir, 'versions', files[0] as string), 'utf8');
  expect(text).toContain(`-- strata:parents ${HEAD}`);
  expect(text).toContain('-- strata:message rename users.name to display_name');
  expect(text).toContain('ALTER TABLE users RENAME COLUMN name TO display_name;');
  expect(text).toContain('ALTER TABLE users RENAME COLUMN display_name TO name;');
  expect(text).not.toMatch(/DROP|tags/);
  // The graph shows it, selected, as the new head.
  const id = (files[0] as string).slice(0, 12);
  await expect(page.getByTestId('inspector-id')).toContainText(id);
  await studio.shot('autogen-saved');
});

test('autogenerate: an edited upgrade is linted as it is typed, and what is saved is the edited text', async ({
  studio,
}) => {
  const { page } = studio;
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await page.getByTestId('autogenerate').click();
  await expect(page.getByTestId('review-progress')).toBeHidden({ timeout: 60_000 });
  await page.getByTestId('rename-answer-rename').click();
  const upgrade = page.getByTestId('review-upgrade');
  await expect(upgrade).toContainText('RENAME COLUMN name TO display_name');

  // Typing a statement that drops a column of an existing table: lint answers while typing.
  await upgrade.locator('.view-line').last().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('ALTER TABLE posts DROP COLUMN author_id;');
  const status = page.getByTestId('review-lint-status');
  await expect(status).toContainText(/1 finding · linted in \d+ ms/);
  await expect(upgrade.locator('[class*="squiggly-"]').first()).toBeAttached();
  // The relint of the edited text (the first lint in a fresh worker also warms its parsers).
  await page.keyboard.type('\n-- drops the author');
  await expect(status).toContainText('linting…');
  await expect(status).toContainText(/1 finding · linted in \d+ ms/);
  const ms = Number(/linted in (\d+) ms/.exec((await status.textContent()) ?? '')?.[1]);
  expect(ms).toBeLessThanOrEqual(50);
  await studio.shot('autogen-lint-while-typing');

  await page.getByTestId('review-message').fill('rename and drop author_id');
  await page.getByTestId('review-save').click();
  await expect(page.getByTestId('review-screen')).toBeHidden();
  const files = readdirSync(join(studio.dir, 'versions')).filter((f) => !f.startsWith(HEAD) && !f.startsWith('1f2e'));
  const text = readFileSync(join(studio.dir, 'versions', files[0] as string), 'utf8');
  expect(text).toContain('ALTER TABLE posts DROP COLUMN author_id;');
});
