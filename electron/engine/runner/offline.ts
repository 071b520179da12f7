// `--sql`: the plan as one script, no connection. It carries the same statements, the same
// transaction boundaries and the same version-table and history statements as an online
// run, so applying it with psql or sqlite3 leaves the same database.
import type { PlanStep } from '../../../shared/model/revision.ts';
import type { DialectSql, SessionSettings, StrataTables } from '../dialects/dialect.ts';
import { historyInsert, versionChanges } from '../dialects/strata-tables.ts';
import { RowTracker, type Applied } from '../graph/plan.ts';
import type { RevisionMap } from '../graph/revision-map.ts';
import type { Identity } from './identity.ts';
import { prepareSteps } from './prepare.ts';

export interface OfflineOptions {
  readonly sql: DialectSql;
  readonly tables: StrataTables;
  readonly from: Applied;
  readonly steps: readonly PlanStep[];
  readonly singleTransaction?: boolean;
  readonly settings?: SessionSettings;
  readonly identity: Identity;
  /** A description for the header comment, e.g. "upgrade heads". */
  readonly title: string;
}

export function renderOfflineScript(map: RevisionMap, options: OfflineOptions): string {
  const { sql, tables } = options;
  const single = options.singleTransaction ?? false;
  const prepared = prepareSteps(map, options.steps, single);
  const out: string[] = [];
  const stmt = (text: string): void => {
    out.push(`${text};`);
  };
  out.push(
    `-- strata ${options.identity.toolVersion}: ${options.title} (${sql.name}, ` +
      `${prepared.length} step${prepared.length === 1 ? '' : 's'}, ` +
      `${single ? 'one transaction' : 'one transaction per revision'})`,
  );
  if (sql.name === 'postgres') out.push('-- apply with: psql -v ON_ERROR_STOP=1 -f THIS_FILE');
  for (const setting of sql.sessionSettings(options.settings ?? {})) stmt(setting);
  for (const create of sql.createStrataTables(tables)) stmt(create);
  const offlineIdentity = { ...options.identity, toolVersion: `${options.identity.toolVersion} offline`.slice(0, 32) };
  const rows = new RowTracker(map, options.from);
  if (single) out.push('', `${sql.beginTransaction()};`);
  for (const step of prepared) {
    const rev = step.rev;
    out.push('', `-- ${step.direction} ${rev.id}: ${rev.message} (${rev.file})`);
    if (!single && rev.transactional) out.push(`${sql.beginTransaction()};`);
    for (const s of step.statements) stmt(s.sql);
    if (!single && !rev.transactional) out.push(`${sql.beginTransaction()};`);
    const { removed, added } = rows.step(step);
    for (const change of versionChanges(sql, tables, removed, added)) stmt(change);
    stmt(
      historyInsert(
        sql,
        tables,
        {
          revision: rev.id,
          direction: step.direction,
          checksum: rev.checksum,
          startedAt: new Date(0),
          durationMs: null,
          outcome: 'applied',
          error: null,
          ...offlineIdentity,
        },
        'now',
      ),
    );
    if (!single) out.push('COMMIT;');
  }
  if (single) out.push('', 'COMMIT;');
  return out.join('\n') + '\n';
}
