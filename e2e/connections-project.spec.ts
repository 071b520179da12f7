// Connections belong to a project: a postgres:// URL pasted fills the dialog, Test tries it
// without saving, and a PostgreSQL connection in a SQLite project is refused with the CLI's
// words unless it is shared on purpose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPgDatabase, expect, test } from './support/studio.ts';

test('a pasted URL fills the dialog, Test saves nothing, the wrong dialect is refused unless shared', async ({
  studio,
}) => {
  const { page } = studio;
  const db = await createPgDatabase();
  const items = page.getByTestId('connection-item');
  await expect(items).toHaveCount(1);

  await page.getByTestId('add-connection').click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByTestId('conn-kind').selectOption('postgres');
  await dialog.getByTestId('conn-url').fill(db.url.replace('postgres://', 'postgresql://') + '?sslmode=disable');
  await expect(dialog.getByTestId('conn-host')).toHaveValue(db.host);
  await expect(dialog.getByTestId('conn-port')).toHaveValue(String(db.port));
  await expect(dialog.getByTestId('conn-database')).toHaveValue(db.name);
  await expect(dialog.getByTestId('conn-user')).toHaveValue(db.user);
  await expect(dialog.getByTestId('conn-password')).toHaveValue(db.password);
  await expect(dialog.getByTestId('conn-ssl')).toHaveValue('disable');
  await expect(dialog.getByTestId('conn-name')).toHaveValue(`${db.name} on ${db.host}`);

  await dialog.getByTestId('conn-test').click();
  await expect(dialog).toContainText(/Connected in \d+ ms/);
  // Tested, not saved.
  await expect(items).toHaveCount(1);

  await dialog.getByTestId('conn-save').click();
  await expect(dialog.getByTestId('conn-save-error')).toContainText(
    `the project is written for sqlite but the connection '${db.name} on ${db.host}' points at a postgres database`,
  );
  await expect(dialog.getByTestId('conn-save-error')).not.toContainText('purge');
  await studio.shot('connection-wrong-dialect');
  await expect(items).toHaveCount(1);

  // Shared on purpose: stored for every project; used here, it is refused with the same words.
  await dialog.getByTestId('conn-shared').check();
  await dialog.getByTestId('conn-save').click();
  await expect(dialog).toBeHidden();
  const shared = page.locator('[data-testid="connection-item"]', { hasText: db.name });
  await expect(items).toHaveCount(2);
  await shared.click();
  await expect(shared).toHaveAttribute('data-status', 'unreachable');
  await expect(shared).toContainText('the project is written for sqlite');
  // The password stayed out of the stored file.
  const stored = readFileSync(join(studio.configDir, 'connections.json'), 'utf8');
  expect(stored).toContain(db.name);
  expect(stored).not.toContain(db.password);
  await studio.shot('connection-shared-wrong-dialect');
});
