// Lock-risk lint in the studio, on the PostgreSQL sample plus one risky revision (CREATE
// INDEX without CONCURRENTLY on an existing table): the graph badge, the finding with its
// Monaco marker, the fix that writes CONCURRENTLY and `transactional false` into the file,
// the plan's lock preview (table, mode, blocks, rewrite) for the steps of an upgrade, with
// the live sizes, estimated times and a session in the way on a PostgreSQL connection, and
// a rehearsal that puts the locks PostgreSQL took beside the predicted ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { addPostgresConnection, expect, test } from './support/studio.ts';
import {
  graphRow as row,
  PG_HEAD,
  RISKY,
  RISKY_FILE,
  RISKY_RULE as RULE,
  riskyProject,
} from './support/risky-revision.ts';

const BEFORE_HEAD = 'c65c99ce08bc';

test.use(riskyProject);

test('a risky revision shows its badge, marker and finding; Fix makes it safe; the plan previews locks', async ({
  studio,
}) => {
  const { page } = studio;
  const risky = page.locator(row(RISKY));

  // The graph: a badge for the worst finding, loaded after the graph itself.
  await expect(risky).toBeVisible();
  const badge = risky.getByTestId('lint-badge');
  await expect(badge).toHaveAttribute('data-severity', 'error');
  await expect(badge).toHaveAttribute('title', /1 error/);
  await expect(page.locator(row(PG_HEAD)).getByTestId('lint-badge')).toHaveAttribute('data-severity', 'error');
  await studio.shot('lint-graph-badges');

  // The inspector: the finding under the SQL and a Monaco marker on the statement.
  await risky.click();
  await expect(page.getByTestId('inspector-id')).toContainText(RISKY);
  const finding = page.locator(`[data-testid="lint-finding"][data-rule="${RULE}"]`);
  await expect(finding).toBeVisible();
  await expect(finding).toHaveAttribute('data-severity', 'error');
  await expect(finding).toContainText('audit_log');
  await expect(finding).toContainText('CONCURRENTLY');
  await expect(page.locator('[data-testid="upgrade-sql"] .squiggly-error').first()).toBeAttached();
  await studio.shot('lint-inspector-finding');

  // Fix: shown as a diff first (nothing written yet); applied, the file is written, the
  // finding is gone and nothing new fires.
  await finding.getByTestId('lint-fix').click();
  const preview = page.getByTestId('fix-preview');
  await expect(preview.getByTestId('fix-preview-diff').locator('.editor.modified')).toContainText('CONCURRENTLY');
  expect(readFileSync(join(studio.dir, 'versions', RISKY_FILE), 'utf8')).not.toContain('CONCURRENTLY');
  await preview.getByTestId('fix-preview-apply').click();
  await expect(preview).toBeHidden();
  await expect(page.locator(`[data-testid="lint-finding"][data-rule="${RULE}"]`)).toHaveCount(0);
  await expect(page.getByTestId('lint-clean')).toBeVisible();
  const text = readFileSync(join(studio.dir, 'versions', RISKY_FILE), 'utf8');
  expect(text).toContain('CREATE INDEX CONCURRENTLY audit_log_action_idx ON audit_log (action);');
  expect(text).toMatch(/^-- strata:transactional false$/m);
  await expect(page.locator('[data-testid="upgrade-sql"]')).toContainText('CONCURRENTLY');
  await expect(page.locator('[data-testid="upgrade-sql"] .squiggly-error')).toHaveCount(0);
  await expect(risky.getByTestId('lint-badge')).toHaveCount(0);
  await expect(risky).toContainText('no txn');
  await studio.shot('lint-inspector-fixed');

  // The plan: a PostgreSQL connection (the sample embeds none), then the upgrade's preview.
  const db = await addPostgresConnection(page, 'lint postgres');

  // The database at the revision before the last two, with audit_log holding rows (and its
  // statistics), and another session holding a lock that conflicts with the index build.
  await page.locator(row(BEFORE_HEAD)).getByTestId('upgrade-to-here').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  try {
    await other.query("INSERT INTO audit_log (action) SELECT 'login' FROM generate_series(1, 20000)");
    await other.query('ANALYZE audit_log');
    await other.query('BEGIN');
    await other.query('LOCK TABLE audit_log IN SHARE MODE');

    await risky.getByTestId('upgrade-to-here').click();
    await expect(page.getByTestId('run-start')).toBeVisible();
    const steps = page.getByTestId('run-plan-step');
    await expect(steps).toHaveCount(2);
    const previews = page.getByTestId('lock-preview');
    await expect(previews).toHaveCount(2);

    const riskyPreview = page.locator(`[data-testid="lock-preview"][data-revision="${RISKY}"]`);
    const indexRow = riskyPreview.locator('[data-testid="lock-row"][data-relation="audit_log"]');
    await expect(indexRow).toHaveAttribute('data-mode', 'ShareUpdateExclusiveLock');
    await expect(indexRow).toContainText('SHARE UPDATE EXCLUSIVE');
    await expect(indexRow).toHaveAttribute('data-blocks', 'nothing');
    await expect(indexRow).toHaveAttribute('data-scans', 'true');
    // Live: its size and rows from the catalog, an index-build time from the measured unit costs, and
    // the session whose SHARE lock the index build would queue behind.
    const size = indexRow.getByTestId('lock-size');
    // The first estimate on a server measures its unit costs (a few seconds, median of three rounds).
    await expect(size).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(size).toContainText('20k rows');
    await expect(size).toContainText(/\d+(\.\d)? (kB|MB)/);
    await expect(size).toContainText('~');
    await expect(size).toHaveAttribute('data-conflicts', '1');
    await expect(size).toHaveAttribute('title', /pid \d+ holds SHARE/);
    // How the time was made: the index build's terms, the server's measured unit costs, and that
    // waiting for the lock is not in it.
    await expect(size).toHaveAttribute('title', /Estimated as index-build: scan .* \+ sort and write 20000 text keys/);
    await expect(size).toHaveAttribute('title', /Unit costs calibrated once on this server/);
    await expect(riskyPreview.getByTestId('lock-estimate-note')).toContainText(
      'waiting to get the lock is not included',
    );

    const rewrite = page.locator(
      `[data-testid="lock-preview"][data-revision="${PG_HEAD}"] ` +
        `[data-testid="lock-row"][data-relation="payments"][data-rewrites="true"]`,
    );
    await expect(rewrite.first()).toHaveAttribute('data-mode', 'AccessExclusiveLock');
    await expect(rewrite.first()).toContainText('ACCESS EXCLUSIVE');
    await expect(rewrite.first()).toContainText('blocks reads + writes');
    await riskyPreview.scrollIntoViewIfNeeded();
    await studio.shot('lint-plan-lock-preview');
  } finally {
    await other.query('ROLLBACK').catch(() => {});
    await other.end();
  }

  // The rehearsal: the plan in one transaction, rolled back; what PostgreSQL took, beside it.
  await page.getByTestId('run-rehearse').click();
  const summary = page.getByTestId('rehearsal-summary');
  await expect(summary).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(summary).toHaveAttribute('data-analyzer-bugs', '0');
  // The fixed revision runs outside a transaction: its two statements cannot be rehearsed.
  await expect(summary).toContainText('2 not rehearsable');
  const observed = page
    .locator(
      `[data-testid="lock-preview"][data-revision="${PG_HEAD}"] ` +
        `[data-testid="lock-row"][data-relation="payments"] [data-testid="lock-observed"]`,
    )
    .first();
  await expect(observed).toHaveAttribute('data-mode', 'AccessExclusiveLock');
  await expect(observed).toHaveAttribute('data-same', 'true');
  await expect(
    page.locator(`[data-testid="lock-preview"][data-revision="${RISKY}"] [data-testid="lock-observed"]`).first(),
  ).toHaveAttribute('data-state', 'not-rehearsable');
  await expect(page.getByTestId('lock-analyzer-bug')).toHaveCount(0);
  // Rolled back: the database is still where it was.
  await expect(page.locator(row(BEFORE_HEAD))).toHaveAttribute('data-db-head', 'true');
  await studio.shot('lint-plan-rehearsal');
});
