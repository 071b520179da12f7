// Each revision's SQL as the user's own alembic renders it offline, with Debian's Alembic:
// the same text `alembic upgrade A:B --sql` prints for that revision, cached for the very
// files that shaped it; and what a person sees when alembic is missing, its database driver
// is missing, it hangs (timeout) or is cancelled — output streamed all along.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  alembic,
  alembicCommand,
  alembicInit,
  alembicPython,
  driveAlembic,
  rev,
  setBody,
  setIni,
} from '../../../test/support/alembic.ts';
import { withAlembicSql } from '../usecases/alembic.ts';
import { AlembicCommandError, runAlembic } from './command.ts';
import { loadAlembicProject } from './load.ts';
import { splitOfflineSql } from './offline-sql.ts';

function settings(dir: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand(), ...extra }));
}

/** A PostgreSQL project: a table, a column and a plain index (a lock risk), a second base, a merge. */
function pgProject(): string {
  const dir = alembicInit();
  setIni(dir, { 'sqlalchemy.url': 'postgresql://app:secret@127.0.0.1:1/app' });
  const made = driveAlembic(
    join(dir, 'alembic.ini'),
    [
      rev('a1'),
      rev('a2'),
      rev('b1', '--head', 'base', '--branch-label', 'other'),
      ['merge', '-m', 'join', '--rev-id', 'm1', 'heads'],
    ],
    { dump: false },
  );
  expect(made.failures).toEqual([]);
  setBody(
    dir,
    'a1_message_of_a1.py',
    "op.create_table('account', sa.Column('id', sa.Integer, " +
      "primary_key=True), sa.Column('name', sa.String(50), nullable=False))",
    "op.drop_table('account')",
  );
  setBody(
    dir,
    'a2_message_of_a2.py',
    "op.add_column('account', sa.Column('email', sa.String(100)))\n" +
      "    op.create_index('account_email', 'account', ['email'])",
    "op.drop_index('account_email')\n    op.drop_column('account', 'email')",
  );
  settings(dir);
  return dir;
}

describe("offline SQL from the project's alembic", () => {
  it('each revision carries the SQL `alembic upgrade A:B --sql` prints for it, and its downgrade', async () => {
    const dir = pgProject();
    const before = loadAlembicProject(dir);
    expect(before.alembic?.hasSql).toBe(false);
    expect(before.map.get('a2' as never).upgradeSql).toBe('');
    const project = await withAlembicSql(before);
    expect(project.alembic?.hasSql).toBe(true);
    const direct = alembic(dir, ['upgrade', 'a1:a2', '--sql']).stdout;
    const section =
      direct
        .slice(direct.indexOf('-- Running upgrade a1 -> a2') + '-- Running upgrade a1 -> a2'.length)
        .replace(/COMMIT;\s*$/, '')
        .trim() + '\n';
    // alembic's own UPDATE of its version table is not the revision's: the user's statements stay, exactly.
    const update = "UPDATE alembic_version SET version_num='a2' WHERE alembic_version.version_num = 'a1';";
    expect(section).toContain(update);
    expect(project.map.get('a2' as never).upgradeSql).toBe(section.replace(`\n\n${update}`, ''));
    expect(project.map.get('a2' as never).upgradeSql).toBe(
      'ALTER TABLE account ADD COLUMN email VARCHAR(100);\n\nCREATE INDEX account_email ON account (email);\n',
    );
    expect(project.map.get('a2' as never).downgradeSql).toBe(
      'DROP INDEX account_email;\n\nALTER TABLE account DROP COLUMN email;\n',
    );
    expect(project.map.get('a1' as never).upgradeSql).toMatch(/^CREATE TABLE account \([^;]*\);\n$/);
    expect(project.map.get('a1' as never).downgradeSql).toBe('DROP TABLE account;\n');
    // a merge with `pass` bodies: alembic only moves its version rows
    expect(project.map.get('m1' as never).upgradeSql).toBe('');
    expect(project.map.get('m1' as never).downgradeSql).toBe('');
    for (const id of ['a1', 'a2', 'b1', 'm1'])
      expect(`${project.map.get(id as never).upgradeSql}${project.map.get(id as never).downgradeSql}`).not.toMatch(
        /alembic_version/,
      );
  });

  it('is kept for the files that shaped it: loads reuse it without alembic, an edited module drops it', async () => {
    const dir = pgProject();
    const rendered = await withAlembicSql(loadAlembicProject(dir));
    settings(dir, { command: ['/nonexistent/python'] });
    // the settings file is one of the texts the SQL depends on: changing it drops the SQL
    expect(loadAlembicProject(dir).alembic?.hasSql).toBe(false);
    settings(dir);
    const again = loadAlembicProject(dir);
    expect(again.alembic?.hasSql).toBe(true);
    expect(again.map.get('a2' as never).upgradeSql).toBe(rendered.map.get('a2' as never).upgradeSql);
    appendFileSync(join(dir, 'migrations', 'versions', 'a2_message_of_a2.py'), '\n# edited\n');
    expect(loadAlembicProject(dir).alembic?.hasSql).toBe(false);
  });

  it('alembic not found, or not installed for that Python: a message saying what to install or configure', async () => {
    const dir = pgProject();
    settings(dir, { command: ['/nonexistent/python', '-m', 'alembic'] });
    const error = await withAlembicSql(loadAlembicProject(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlembicCommandError);
    expect((error as AlembicCommandError).reason).toBe('missing');
    expect((error as AlembicCommandError).message).toMatch(
      /'\/nonexistent\/python' was not found.*"command" in strata\.alembic\.json/,
    );
    // -S: this Python without its site packages, where Debian's alembic lives
    settings(dir, { command: [alembicPython(), '-S', '-m', 'alembic'] });
    const noModule = await withAlembicSql(loadAlembicProject(dir)).catch((e: unknown) => e);
    expect((noModule as AlembicCommandError).reason).toBe('missing');
    expect((noModule as AlembicCommandError).message).toMatch(
      /alembic is not installed for .*python.*No module named alembic/,
    );
  });

  it('a database driver that is not installed is named', async () => {
    const dir = pgProject();
    setIni(dir, { 'sqlalchemy.url': 'postgresql+pg8000://app:secret@127.0.0.1:1/app' });
    const error = await runAlembic(loadAlembicProject(dir).alembic as never, ['upgrade', 'heads']).catch(
      (e: unknown) => e,
    );
    expect((error as AlembicCommandError).reason).toBe('driver');
    expect((error as AlembicCommandError).message).toMatch(/the database driver 'pg8000' is not installed/);
    expect((error as AlembicCommandError).message).not.toContain('secret');
  });

  it('streams output as it comes, and stops a hung alembic at the timeout and on cancel', async () => {
    const dir = pgProject();
    appendFileSync(
      join(dir, 'migrations', 'env.py'),
      '\nimport sys, time\nprint("env.py loaded", flush=True)\ntime.sleep(60)\n',
    );
    settings(dir, { timeoutSeconds: 2 });
    const seen: string[] = [];
    const started = Date.now();
    const error = await runAlembic(loadAlembicProject(dir).alembic as never, ['upgrade', 'heads', '--sql'], {
      onOutput: (chunk) => seen.push(chunk),
    }).catch((e: unknown) => e);
    expect((error as AlembicCommandError).reason).toBe('timeout');
    expect((error as AlembicCommandError).message).toMatch(
      /did not finish within 2 s and was stopped \(timeoutSeconds in strata\.alembic\.json\)/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(seen.join('')).toContain('env.py loaded');
    // Cancelled at its first output, which a loaded machine may take over 2 s to print.
    settings(dir, { timeoutSeconds: 120 });
    const controller = new AbortController();
    const cancelled = runAlembic(loadAlembicProject(dir).alembic as never, ['upgrade', 'heads', '--sql'], {
      signal: controller.signal,
      onOutput: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(((await cancelled) as AlembicCommandError).reason).toBe('cancelled');
  });
});

describe('cutting an offline script per revision', () => {
  it('per-migration transactions, a merge, and the DROP of the version table at base', () => {
    const up =
      'BEGIN;\n\nCREATE TABLE alembic_version (x);\n\n-- Running upgrade  -> a1\n\n' +
      'CREATE TABLE t (id int);\n\nINSERT INTO alembic_version VALUES (1);\n\n' +
      '-- Running upgrade a1, b1 -> m1\n\nUPDATE alembic_version SET x = 2;\n\nCOMMIT;\n';
    expect([...splitOfflineSql(up, 'upgrade', 'alembic_version')]).toEqual([
      ['a1', 'CREATE TABLE t (id int);\n'],
      ['m1', ''],
    ]);
    const down =
      'BEGIN;\n\n-- Running downgrade m1 -> a1, b1\n\nUPDATE v;\n\n-- Running downgrade a1 -> \n' +
      '\nDROP TABLE t;\n\nDELETE FROM my_versions;\n\nDROP TABLE my_versions;\n\nCOMMIT;\n';
    expect([...splitOfflineSql(down, 'downgrade', 'my_versions')]).toEqual([
      ['m1', 'UPDATE v;\n'],
      ['a1', 'DROP TABLE t;\n'],
    ]);
  });

  it("alembic's version-table statements go, in any spelling; the user's statements stay byte for byte", () => {
    const user1 = "CREATE  TABLE audit (\n  id int, -- why; kept\n  note text DEFAULT 'a;b'\n);";
    const user2 = "UPDATE alembic_version_log SET seen = true;\n-- a comment of the user's\nSELECT 1;";
    const up =
      '-- Running upgrade  -> a1\n\nCREATE TABLE "public"."alembic_version" (version_num VARCHAR(32) NOT NULL);\n\n' +
      `${user1}\n\ninsert into public.alembic_version (version_num) VALUES ('a1') ` +
      `RETURNING alembic_version.version_num;\n\n${user2}\n\n` +
      "UPDATE alembic_version SET version_num='a2' WHERE alembic_version.version_num = 'a1';\n";
    expect(splitOfflineSql(up, 'upgrade', 'alembic_version').get('a1')).toBe(`${user1}\n\n${user2}\n`);
  });
});
