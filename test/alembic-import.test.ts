// `strata import-alembic` on a generated Alembic project (branches, a three-parent merge,
// labels on two bases, depends-on, non-hex ids): the native project has the graph Alembic's
// own loader reads, SQL without alembic's bookkeeping, and upgrades and downgrades a SQLite
// database with strata's runner; nothing is stamped. Alembic or its driver missing: a clear
// error, nothing written.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  alembicCommand,
  alembicInit,
  BRANCHY_GRAPH,
  driveAlembic,
  setBody,
  setIni,
  strata,
  type AlembicDump,
} from './support/alembic.ts';

let dir: string;
let truth: AlembicDump;

beforeAll(() => {
  dir = alembicInit();
  setIni(dir, { 'sqlalchemy.url': 'sqlite:///app.db' });
  const made = driveAlembic(join(dir, 'alembic.ini'), BRANCHY_GRAPH);
  expect(made.failures).toEqual([]);
  truth = made.dump as AlembicDump;
  writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() }));
  setBody(
    dir,
    '1975ea83b712_message_of_1975ea83b712.py',
    "op.create_table('account', sa.Column('id', sa.Integer, primary_key=True))",
    "op.drop_table('account')",
  );
  setBody(
    dir,
    'ae1027a6acf_message_of_ae1027a6acf.py',
    "op.add_column('account', sa.Column('email', sa.String(100)))\n" +
      "    op.create_index('account_email', 'account', ['email'])",
    "op.drop_index('account_email')\n    op.drop_column('account', 'email')",
  );
  setBody(
    dir,
    'net2_message_of_net2.py',
    "op.create_table('host', sa.Column('id', sa.Integer, primary_key=True), " +
      "sa.Column('account_id', sa.Integer, sa.ForeignKey('account.id')))",
    "op.drop_table('host')",
  );
});

interface Summary {
  revision: string;
  parents: string[];
  dependsOn: string[];
  branchLabels: string[];
  message: string;
}

describe('strata import-alembic', () => {
  it('writes a native project with the graph alembic reads, and it upgrades and downgrades SQLite', async () => {
    const out = join(dir, 'native');
    const imported = await strata(['--project', dir, 'import-alembic', out, '--json'], dir);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout) as { revisions: number; heads: string[]; dialect: string };
    expect(result.dialect).toBe('sqlite');
    expect(result.revisions).toBe(Object.keys(truth.revisions).length);
    expect([...result.heads].sort()).toEqual([...truth.heads].sort());
    expect(readFileSync(join(out, 'strata.json'), 'utf8')).toContain('"versionTable": "strata_version"');

    const history = await strata(['--project', out, 'history', '--json'], dir);
    expect(history.code).toBe(0);
    const mine = Object.fromEntries(
      (JSON.parse(history.stdout) as Summary[]).map((s) => [
        s.revision,
        { parents: s.parents, dependsOn: [...s.dependsOn].sort(), branchLabels: [...s.branchLabels].sort() },
      ]),
    );
    const theirs = Object.fromEntries(
      Object.entries(truth.revisions).map(([id, r]) => [
        id,
        { parents: r.parents, dependsOn: [...r.dependsOn].sort(), branchLabels: [...r.branchLabels].sort() },
      ]),
    );
    expect(mine).toEqual(theirs);

    // the SQL is alembic's, without its version table and its transaction
    const a2 = readdirSync(join(out, 'versions')).find((f) => f.startsWith('ae1027a6acf_')) as string;
    const text = readFileSync(join(out, 'versions', a2), 'utf8');
    expect(text).toContain('-- strata:revision ae1027a6acf\n');
    expect(text).toContain('-- strata:parents 1975ea83b712\n');
    expect(text).toMatch(/-- strata:upgrade\nALTER TABLE account ADD COLUMN email VARCHAR\(100\);\n\nCREATE INDEX/);
    expect(text).toMatch(/-- strata:downgrade\nDROP INDEX account_email;/);
    for (const f of readdirSync(join(out, 'versions')))
      expect(readFileSync(join(out, 'versions', f), 'utf8')).not.toMatch(/alembic_version|^BEGIN|^COMMIT/im);

    // nothing stamped anywhere: no database was even created
    expect(existsSync(join(dir, 'app.db'))).toBe(false);
    const db = join(dir, 'imported.sqlite');
    const up = await strata(['--project', out, '--url', db, 'upgrade', 'heads'], dir);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const current = await strata(['--project', out, '--url', db, 'current', '--json'], dir);
    expect(
      (JSON.parse(current.stdout) as { current: { revision: string }[] }).current.map((c) => c.revision).sort(),
    ).toEqual([...truth.heads].sort());
    const down = await strata(['--project', out, '--url', db, 'downgrade', 'base'], dir);
    expect(down.code).toBe(0);
    const after = await strata(['--project', out, '--url', db, 'current', '--json'], dir);
    expect((JSON.parse(after.stdout) as { current: unknown[] }).current).toEqual([]);
  });

  it('refuses an existing project, a missing alembic and a missing driver, writing nothing', async () => {
    const again = await strata(['--project', dir, 'import-alembic', join(dir, 'native2')], dir);
    expect(again.code).toBe(0);
    const twice = await strata(['--project', dir, 'import-alembic', join(dir, 'native2')], dir);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/strata\.json.*already exists/);

    const settings = join(dir, 'strata.alembic.json');
    writeFileSync(settings, JSON.stringify({ command: ['/nonexistent/python', '-m', 'alembic'] }));
    // a changed settings file drops the SQL cache: alembic has to run again
    const missing = await strata(['--project', dir, 'import-alembic', join(dir, 'native3')], dir);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/'\/nonexistent\/python' was not found/);
    expect(existsSync(join(dir, 'native3'))).toBe(false);

    writeFileSync(settings, JSON.stringify({ command: alembicCommand() }));
    const env = join(dir, 'migrations', 'env.py');
    const envText = readFileSync(env, 'utf8');
    writeFileSync(env, `import pg8000\n${envText}`);
    try {
      const driver = await strata(['--project', dir, 'import-alembic', join(dir, 'native4')], dir);
      expect(driver.code).not.toBe(0);
      expect(driver.stderr).toMatch(/the database driver 'pg8000' is not installed/);
      expect(existsSync(join(dir, 'native4'))).toBe(false);
    } finally {
      writeFileSync(env, envText);
    }
  });
});
