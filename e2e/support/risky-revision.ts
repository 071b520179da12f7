// The project the lock-risk specs share: the PostgreSQL sample plus one risky revision, a
// CREATE INDEX without CONCURRENTLY on an existing table (audit_log), on top of its head.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sample's head: ALTER COLUMN TYPE on payments, a rewrite under ACCESS EXCLUSIVE. */
export const PG_HEAD = 'b48fe3490ac0';
export const RISKY = 'c0ffee5ad1d1';
export const RISKY_FILE = `${RISKY}_index_audit_log_by_action.sql`;
export const RISKY_RULE = 'require-concurrent-index-creation';
export const RISKY_TEXT =
  `-- strata:revision ${RISKY}\n-- strata:parents ${PG_HEAD}\n` +
  `-- strata:message index audit log by action\n-- strata:created 2026-11-22T00:00:00Z\n\n` +
  `-- strata:upgrade\nSET lock_timeout = '5s';\nCREATE INDEX audit_log_action_idx ON audit_log (action);\n` +
  `\n-- strata:downgrade\nDROP INDEX audit_log_action_idx;\n`;

/** test.use() options: a copy of the PostgreSQL sample with the risky revision added. */
export const riskyProject = {
  projectSource: 'migrations-sample/postgres',
  projectPatch: { apply: (dir: string) => writeFileSync(join(dir, 'versions', RISKY_FILE), RISKY_TEXT) },
};

export const graphRow = (id: string): string => `[data-testid="graph-row"][data-revision="${id}"]`;
