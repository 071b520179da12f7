// The studio's doors on an Alembic project: merge.create writes a module alembic reads
// (one head, both parents), with the same refusals as the CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alembic, alembicCommand, alembicInit, driveAlembic, setIni } from '../../../test/support/alembic.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService, type Service } from './service.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function twoHeads(): string {
  const dir = alembicInit();
  temps.push(dir);
  setIni(dir, { 'sqlalchemy.url': 'sqlite:///app.db' });
  const made = driveAlembic(
    join(dir, 'alembic.ini'),
    [
      ['revision', '-m', 'first', '--rev-id', 'a1'],
      ['revision', '-m', 'main', '--rev-id', 'a2'],
      ['revision', '-m', 'side', '--rev-id', 'b1', '--head', 'a1', '--splice'],
    ],
    { dump: false },
  );
  expect(made.failures).toEqual([]);
  writeFileSync(join(dir, 'strata.alembic.json'), JSON.stringify({ command: alembicCommand() }));
  return dir;
}

function serviceOn(dir: string): Service {
  const config = mkdtempSync(join(tmpdir(), 'strata-alembic-config-'));
  temps.push(config);
  return createService({ projectDir: dir, configDir: config, secrets: new MemorySecretStore(), emit: () => {} });
}

describe('the studio on an Alembic project', () => {
  it('merge.create writes an alembic merge module; alembic sees one head with both parents', async () => {
    const dir = twoHeads();
    const service = serviceOn(dir);
    try {
      await expect(service.handlers['merge.create']({ heads: ['a1', 'b1'], message: 'not heads' })).rejects.toThrow(
        /only heads can be merged; a1 is not/,
      );
      const written = await service.handlers['merge.create']({
        heads: ['a2', 'b1'],
        message: 'merge side',
        upgradeSql: '-- Reconcile the branches here; this runs after both of them.\n',
      });
      expect(written.parents).toEqual(['a2', 'b1']);
      expect(readFileSync(written.file, 'utf8')).toContain("down_revision = ('a2', 'b1')");
      expect(alembic(dir, ['heads']).stdout.trim()).toBe(`${written.revision} (head)`);
      expect((await service.handlers['project.info']({})).heads).toEqual([written.revision]);
    } finally {
      await service.dispose();
    }
  });
});
