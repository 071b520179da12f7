// The DBA's run console on PostgreSQL: a rehearsal that times out on a lock another session
// holds says why in the panel (the blocking pid and its query), and a protected connection's
// downgrade is unlocked from the confirmation itself.
import pg from 'pg';
import { addPostgresConnection, expect, test } from './support/studio.ts';
import { graphRow as row, PG_HEAD, RISKY, riskyProject } from './support/risky-revision.ts';

/** The sample's revision before its head. */
const BEFORE_HEAD = 'c65c99ce08bc';

test.use(riskyProject);

test('a rehearsal that times out on a lock names the session holding it, and its query', async ({ studio }) => {
  const { page } = studio;
  const db = await addPostgresConnection(page, 'staging');
  await page.locator(row(PG_HEAD)).getByTestId('upgrade-to-here').click();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();

  // Another session holds ROW EXCLUSIVE on audit_log: the risky CREATE INDEX needs SHARE.
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query('LOCK TABLE audit_log IN ROW EXCLUSIVE MODE');
    const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;

    await page.locator(row(RISKY)).getByTestId('upgrade-to-here').click();
    await page.getByTestId('run-rehearse').click();
    const summary = page.getByTestId('rehearsal-summary');
    // The revision's own lock_timeout is 5 s.
    await expect(summary).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(summary).toContainText('Rehearsal failed');
    await expect(summary).not.toContainText('the observed locks match the prediction');
    const failure = summary.getByTestId('rehearsal-failure');
    await expect(failure).toHaveAttribute('data-code', '55P03');
    await expect(failure).toContainText('Lock timeout');
    await expect(failure).toContainText('SHARE on audit_log');
    await expect(failure).toContainText('canceling statement due to lock timeout');
    const blocker = failure.getByTestId('rehearsal-blocker');
    await expect(blocker).toHaveAttribute('data-pid', String(pid));
    await expect(blocker).toContainText(`pid ${pid} (idle in transaction`);
    await expect(blocker).toContainText('SELECT pg_backend_pid() AS pid');
    await studio.shot('rehearsal-lock-timeout');
  } finally {
    await other.query('ROLLBACK').catch(() => {});
    await other.end();
  }
});

test('a protected downgrade is unlocked in its confirmation, with the database name typed', async ({ studio }) => {
  const { page } = studio;
  const db = await addPostgresConnection(page, 'production', async () => {
    await page.getByTestId('connection-dialog').getByTestId('conn-protected').check();
  });
  await page.locator(row(PG_HEAD)).getByTestId('upgrade-to-here').click();
  await page.getByTestId('confirm-db-name').fill(db.name);
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();

  await page.locator(row(BEFORE_HEAD)).getByTestId('downgrade-to-here').click();
  const protect = page.getByTestId('run-protect');
  await expect(protect).toContainText('Downgrades are refused until the connection is unlocked');
  const unlock = protect.getByTestId('run-unlock');
  await expect(unlock).toBeDisabled();
  await expect(page.getByTestId('run-start')).toBeDisabled();
  await protect.getByTestId('confirm-db-name').fill(db.name);
  // Typed, still locked: the run waits for the unlock.
  await expect(page.getByTestId('run-start')).toBeDisabled();
  await expect(unlock).toBeEnabled();
  await studio.shot('protected-downgrade-unlock');
  await unlock.click();
  await expect(unlock).toBeHidden();
  await expect(protect).toContainText('Downgrade is unlocked for this session');
  await expect(page.locator('[data-testid="connection-item"]', { hasText: 'production' })).toContainText(
    'downgrade unlocked',
  );
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  await expect(page.locator(row(BEFORE_HEAD))).toHaveAttribute('data-db-head', 'true');
  await studio.shot('protected-downgrade-done');
});
