// `strata diff --url` on the autogenerate bench's project (bench/autogen.ts, fewer tables)
// after an edit of schema.sql: the target built from the cached model of the file before the
// edit (schema/incremental/) prints exactly what the full build prints.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchProject } from '../../../bench/autogen.ts';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { loadProject } from '../../engine/project/project.ts';
import { databaseAt } from '../../engine/usecases/database.ts';
import { shadowOptions, targetSchema, type TargetPath } from '../../engine/usecases/autogen.ts';

const BIN = resolve('bin/strata.js');

function strata(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [BIN, '--project', dir, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('strata diff after an edit of schema.sql (the bench project)', () => {
  let live: TestDatabase;
  let dir: string;
  let edited: string;
  let before: string;
  beforeAll(async () => {
    live = await createPostgresDatabase();
    dir = mkdtempSync(join(tmpdir(), 'strata-autogen-edit-'));
    writeBenchProject(dir, 40);
    strata(dir, ['--url', live.url, 'upgrade', 'head']);
    edited = readFileSync(join(dir, 'schema.sql'), 'utf8');
    const revision = readFileSync(join(dir, 'versions', '0b0b0b0b0b0b_the_whole_schema.sql'), 'utf8');
    before = revision.split('-- strata:upgrade\n')[1]?.split('-- strata:downgrade')[0] ?? '';
  }, 120_000);
  afterAll(() => live.drop());

  it('prints byte for byte what the full build prints, the model built from the one before the edit', async () => {
    writeFileSync(join(dir, 'schema.sql'), edited);
    const full = ['text', 'json'].map((f) =>
      strata(dir, ['--url', live.url, 'diff', ...(f === 'json' ? ['--json'] : [])], { STRATA_SCHEMA_CACHE: '0' }),
    );
    expect(full[0]).toMatch(/ALTER TABLE/);
    // The cache holds the model of schema.sql before the edit: the edit starts from it.
    writeFileSync(join(dir, 'schema.sql'), before);
    strata(dir, ['--url', live.url, 'diff']);
    const cacheFile = join(dir, '.strata', 'schema-cache.json');
    copyFileSync(cacheFile, `${cacheFile}.before`);
    writeFileSync(join(dir, 'schema.sql'), edited);
    const text = strata(dir, ['--url', live.url, 'diff']);
    copyFileSync(`${cacheFile}.before`, cacheFile);
    const json = strata(dir, ['--url', live.url, 'diff', '--json']);
    expect([text, json]).toEqual(full);

    // And that edit did take the incremental path.
    copyFileSync(`${cacheFile}.before`, cacheFile);
    const project = loadProject(dir, { cache: false });
    const paths: TargetPath[] = [];
    const options = shadowOptions(project, { live: databaseAt({ dialect: 'postgres', url: live.url }) });
    await targetSchema(project, options, undefined, (path) => paths.push(path));
    expect(paths).toEqual(['incremental']);
  }, 300_000);
});
