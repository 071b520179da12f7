// `--sql` scripts applied with psql / sqlite3 leave the same database as an online run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { dumpSchema } from '../../../test/support/schema-dump.ts';
import type { Connection } from '../dialects/dialect.ts';
import { connect, dialectSql, parseDatabaseUrl } from '../dialects/registry.ts';
import { planDowngrade, planUpgrade } from '../graph/plan.ts';
import { loadProject } from '../project/project.ts';
import { defaultIdentity } from './identity.ts';
import { renderOfflineScript } from './offline.ts';
import { runMigration } from './runner.ts';

const tables = { version: 'strata_version', history: 'strata_history' };

function applyScript(dialect: 'sqlite' | 'postgres', url: string, script: string): void {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-offline-')), 'script.sql');
  writeFileSync(file, script);
  if (dialect === 'postgres')
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], { stdio: 'pipe' });
  else execFileSync('sqlite3', ['-bail', url, `.read ${file}`], { stdio: 'pipe' });
}

const cases = [
  { dialect: 'sqlite', dir: 'migrations-sample' },
  { dialect: 'postgres', dir: 'migrations-sample/postgres' },
] as const;

for (const { dialect, dir } of cases) {
  describe(`offline script on ${dialect} (${dir})`, () => {
    const dbs: TestDatabase[] = [];
    const conns: Connection[] = [];
    afterEach(async () => {
      for (const c of conns.splice(0)) await c.close();
      for (const d of dbs.splice(0)) await d.drop();
    });
    const open = async (): Promise<{ db: TestDatabase; conn: Connection }> => {
      const db = await createDatabase(dialect);
      dbs.push(db);
      const conn = await connect(parseDatabaseUrl(db.url, '/'));
      conns.push(conn);
      return { db, conn };
    };

    for (const single of [false, true]) {
      it(
        `upgrade heads then downgrade base ` + `${single ? '(single transaction) ' : ''}matches the online run`,
        async () => {
          const project = loadProject(dir);
          const { map } = project;
          const hasNonTransactional = [...map.byId.values()].some((r) => !r.transactional);
          if (single && hasNonTransactional) {
            expect(() =>
              renderOfflineScript(map, {
                sql: dialectSql(dialect),
                tables,
                from: new Set(),
                steps: planUpgrade(map, new Set(), 'heads'),
                singleTransaction: true,
                identity: defaultIdentity(),
                title: 't',
              }),
            ).toThrow(/transactional false/);
            return;
          }
          const online = await open();
          const offline = await open();
          await runMigration(online.conn, map, tables, {
            plan: (a) => planUpgrade(map, a, 'heads'),
            singleTransaction: single,
          });
          const upScript = renderOfflineScript(map, {
            sql: dialectSql(dialect),
            tables,
            from: new Set(),
            steps: planUpgrade(map, new Set(), 'heads'),
            singleTransaction: single,
            identity: defaultIdentity(),
            title: 'upgrade heads',
          });
          applyScript(dialect, offline.db.url, upScript);
          const onlineDump = await dumpSchema(online.conn);
          expect(onlineDump.versionRows).toEqual([...map.heads].sort());
          expect(JSON.stringify(onlineDump.objects)).toContain('invoices');
          expect(onlineDump.history).toHaveLength(map.order.length);
          expect(await dumpSchema(offline.conn)).toEqual(onlineDump);

          const all = map.ancestors(map.heads);
          await runMigration(online.conn, map, tables, {
            plan: (a) => planDowngrade(map, a, 'base'),
            singleTransaction: single,
          });
          const downScript = renderOfflineScript(map, {
            sql: dialectSql(dialect),
            tables,
            from: all,
            steps: planDowngrade(map, all, 'base'),
            singleTransaction: single,
            identity: defaultIdentity(),
            title: 'downgrade base',
          });
          applyScript(dialect, offline.db.url, downScript);
          const downDump = await dumpSchema(online.conn);
          expect(downDump.versionRows).toEqual([]);
          expect(await dumpSchema(offline.conn)).toEqual(downDump);
        },
      );
    }
  });
}
