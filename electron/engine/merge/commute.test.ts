// The shadow check on SQLite: two in-memory databases, A then B and B then A.
import { describe, expect, it } from 'vitest';
import { asRevisionId, type Revision } from '../../../shared/model/revision.ts';
import { checkCommutes, type CommuteInput } from './commute.ts';

let n = 0;
function rev(upgradeSql: string): Revision {
  const id = asRevisionId(`r${String(n++).padStart(11, '0')}`);
  return {
    id,
    parents: [],
    dependsOn: [],
    branchLabels: [],
    message: '',
    created: undefined,
    transactional: true,
    upgradeSql,
    downgradeSql: undefined,
    upgradeLine: 5,
    downgradeLine: undefined,
    file: `versions/${id}.sql`,
    lines: { revision: 1, parents: 1, dependsOn: 1, branchLabels: 1 },
    checksum: '',
  };
}

const base = [rev('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);')];
const input = (a: string, b: string): CommuteInput => ({
  base,
  a: { name: 'A', revisions: [rev(a)] },
  b: { name: 'B', revisions: [rev(b)] },
});

describe('the shadow check on SQLite', () => {
  it('two columns added in either order: the same schema (column order does not count)', async () => {
    expect(
      await checkCommutes(
        { dialect: 'sqlite' },
        input('ALTER TABLE users ADD COLUMN x TEXT;', 'ALTER TABLE users ADD COLUMN y INTEGER NOT NULL DEFAULT 0;'),
      ),
    ).toEqual({
      outcome: 'same',
      detail: 'A then B and B then A give the same schema',
    });
  });

  it('the same column twice: both orders fail, each named', async () => {
    const check = await checkCommutes(
      { dialect: 'sqlite' },
      input('ALTER TABLE users ADD COLUMN x TEXT;', 'ALTER TABLE users ADD COLUMN x TEXT;'),
    );
    expect(check.outcome).toBe('failed');
    expect(check.detail).toMatch(
      new RegExp(
        '^A then B: versions\\/r\\d+\\.sql:5 fails: duplicate column name: x; ' +
          'B then A: versions\\/r\\d+\\.sql:5 fails: duplicate column name: x$',
      ),
    );
  });

  it('a definition that depends on what ran first: different schemas, the difference named', async () => {
    const check = await checkCommutes(
      { dialect: 'sqlite' },
      input('CREATE TABLE IF NOT EXISTS flags (a TEXT);', 'CREATE TABLE IF NOT EXISTS flags (b TEXT);'),
    );
    expect(check).toEqual({ outcome: 'different', detail: "columns: 'flags.a TEXT 0  0' only after A then B" });
  });

  it('a shared history that does not apply is an error naming the file and line', async () => {
    await expect(
      checkCommutes(
        { dialect: 'sqlite' },
        { base: [rev('CREATE TABLE broken (')], a: { name: 'A', revisions: [] }, b: { name: 'B', revisions: [] } },
      ),
    ).rejects.toThrow(
      /the shared history does not apply on a shadow database: versions\/r\d+\.sql:5: incomplete input/,
    );
  });
});
