// A revision file that does not parse is a problem of the project, named with its file, line
// and the parser's message; the revisions that still load can be looked at, the database is
// still reached (never shown as unreachable), and nothing runs until the file is fixed.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from './secrets.ts';
import { createService, type Service } from './service.ts';
import { unpackGraph } from '../../../shared/model/graph-wire.ts';

const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

const BROKEN = 'c19e2a59ca10'; // create api keys table: below both heads

function serviceOnBrokenProject(): { service: Service; path: string; text: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'strata-broken-')), 'project');
  cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
  const name = readdirSync(join(dir, 'versions')).find((f) => f.startsWith(BROKEN)) as string;
  const path = join(dir, 'versions', name);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('-- strata:parents', '-- strata:parnets'));
  const service = createService({
    projectDir: dir,
    configDir: join(dir, '..', 'config'),
    secrets: new MemorySecretStore(),
    watch: false,
    emit: () => {},
  });
  services.push(service);
  return { service, path, text };
}

describe('a revision file that does not parse', () => {
  it('is a project problem with file, line and message; the revisions below it stay browsable', async () => {
    const { service } = serviceOnBrokenProject();
    const info = await service.handlers['project.info']({});
    expect(info.problems[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/unknown header '-- strata:parnets'/),
    });
    expect(info.problems[0]?.file).toMatch(/c19e2a59ca10_create_api_keys_table\.sql$/);
    expect(info.problems[1]?.message).toMatch(/25 revisions above the broken file are not shown/);
    const graph = unpackGraph(await service.handlers['project.graph']({}));
    expect(graph.revisions.length).toBe(5);
    expect(graph.revisions.some((r) => r.id === BROKEN)).toBe(false);
    expect((await service.handlers['revision.get']({ id: graph.revisions[0]?.id ?? '' })).upgradeSql).not.toBe('');
  });

  it('leaves the connection reachable, and refuses a plan naming the file', async () => {
    const { service } = serviceOnBrokenProject();
    const status = await service.handlers['database.status']({ id: 'default' });
    expect(status).toMatchObject({ reachable: true, error: null });
    await expect(
      service.handlers['run.plan']({ connectionId: 'default', direction: 'upgrade', target: 'heads' }),
    ).rejects.toThrow(/c19e2a59ca10_create_api_keys_table\.sql:2: unknown header/);
  });

  it('once fixed, the whole project is back', async () => {
    const { service, path, text } = serviceOnBrokenProject();
    const before = (await service.handlers['project.graph']({})).ids.length;
    writeFileSync(path, text);
    await service.handlers['project.open']({});
    expect((await service.handlers['project.info']({})).problems).toEqual([]);
    expect((await service.handlers['project.graph']({})).ids.length).toBeGreaterThan(before);
  });
});
