// project.graph is built once per loaded project: every window and page reload asks for it,
// and at 50,000 revisions building it is a tenth of a second of the bridge's thread. A reload
// of the project builds it again.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from './secrets.ts';
import { createService, type Service } from './service.ts';

const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

describe('project.graph', () => {
  it('is built once per load of the project', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'strata-graph-')), 'project');
    cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
    const service = createService({
      projectDir: dir,
      configDir: join(dir, '..', 'config'),
      secrets: new MemorySecretStore(),
      emit: () => {},
    });
    services.push(service);
    const graph = (): Promise<unknown> => service.handlers['project.graph']({});
    const first = await graph();
    expect(await graph()).toBe(first);
    await service.handlers['project.open']({});
    const reloaded = await graph();
    expect(reloaded).not.toBe(first);
    expect(reloaded).toEqual(first);
  });
});
