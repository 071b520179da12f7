// A transactional false revision killed half way (a real strata process, SIGKILL): the graph
// marks it, the run console shows each statement beside what the database holds and refuses
// to run over it, and "Roll back leftovers" shows its SQL before running it; afterwards the
// revision runs again from the start.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './support/studio.ts';

const PARENT = '0874aef793be'; // the open audit branch's head
const NT = 'd7d7d7d7d7d7';
const row = (id: string) => `[data-testid="graph-row"][data-revision="${id}"]`;

test.use({
  projectPatch: {
    apply: (dir: string) => {
      writeFileSync(
        join(dir, 'versions', `${NT}_backfill_api_key_usage.sql`),
        [
          `-- strata:revision ${NT}`,
          `-- strata:parents ${PARENT}`,
          '-- strata:message backfill api key usage',
          '-- strata:created 2026-12-01T00:00:00Z',
          '-- strata:transactional false',
          '',
          '-- strata:upgrade',
          'CREATE TABLE api_key_usage (id INTEGER PRIMARY KEY, v TEXT NOT NULL);',
          'INSERT INTO api_key_usage (id, v) WITH RECURSIVE n(x) ' +
            'AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) SELECT x, hex(randomblob(16)) FROM n;',
          'CREATE INDEX api_key_usage_v ON api_key_usage (v);',
          '',
          '-- strata:downgrade',
          'DROP TABLE api_key_usage;',
          '',
        ].join('\n'),
      );
    },
  },
});

/** Runs the upgrade to NT in a strata process and kills it while its long INSERT runs. */
async function killDuringInsert(dir: string): Promise<void> {
  const strata = resolve('bin/strata.js');
  execFileSync(process.execPath, [strata, '--project', dir, 'upgrade', PARENT], { stdio: 'ignore' });
  const child = spawn(process.execPath, [strata, '--project', dir, 'upgrade', NT], { stdio: 'ignore' });
  const db = join(dir, 'dev.sqlite');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const conn = new Database(db, { readonly: true, timeout: 1000 });
    try {
      const started = conn.prepare("SELECT error FROM strata_history WHERE outcome = 'started'").get() as
        { error: string } | undefined;
      if (started?.error.startsWith('progress: 1 of 3')) break;
    } catch {
      // Not created yet, or locked for a moment by the runner.
    } finally {
      conn.close();
    }
    if (Date.now() > deadline) throw new Error('the runner never reached its INSERT');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('close', r));
}

test(
  'an interrupted revision: marked on the graph, ' + 'explained in the console, rolled back on request, then run again',
  async ({ studio }) => {
    const { page } = studio;
    await expect(page.locator(row(NT))).toBeVisible();
    await killDuringInsert(studio.dir);
    await page.getByTestId('refresh-statuses').click();

    await expect(page.locator(row(NT)).getByTestId('interrupted-badge')).toBeVisible();
    const panel = page.getByTestId('run-interrupted');
    await expect(panel).toHaveAttribute('data-revision', NT);
    await expect(panel).toHaveAttribute('data-advice', 'rollback-then-rerun');
    await expect(panel.getByTestId('run-interrupted-statement')).toHaveCount(3);
    await expect(panel.getByTestId('run-interrupted-statement').nth(0)).toHaveAttribute('data-status', 'done');
    await expect(panel.getByTestId('run-interrupted-statement').nth(1)).toHaveAttribute('data-status', 'interrupted');
    await expect(panel.getByTestId('run-interrupted-statement').nth(2)).toHaveAttribute('data-status', 'not-started');
    await expect(panel).toContainText('table api_key_usage exists');
    await studio.shot('interrupted');

    // Planning over it shows the panel, not a plan that could run.
    await page.locator(row(NT)).getByTestId('upgrade-to-here').click();
    await expect(page.getByTestId('run-interrupted')).toBeVisible();
    await expect(page.getByTestId('run-start')).toBeDisabled();

    await panel.getByTestId('resolve-rollback').click();
    await expect(page.getByTestId('resolve-rollback-sql')).toHaveText('DROP TABLE IF EXISTS "api_key_usage";');
    await studio.shot('interrupted-rollback-confirm');
    await page.getByTestId('confirm-ok').click();

    await expect(page.getByTestId('run-interrupted')).toHaveCount(0);
    await expect(page.locator(row(NT)).getByTestId('interrupted-badge')).toHaveCount(0);
    await expect(page.getByTestId('run-start')).toBeEnabled();
    await page.getByTestId('run-start').click();
    await expect(page.getByTestId('run-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator(row(NT))).toHaveAttribute('data-applied', 'true');
  },
);
