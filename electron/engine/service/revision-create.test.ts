// New revision in the studio: the same use case as `strata revision`, so the file is the one
// the CLI writes (native layout, placeholders), and the graph shows it at once.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/api/contract.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService, type Service } from './service.ts';

const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'strata-new-')), 'project');
  cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
  return dir;
}

function serviceOn(dir: string, events: string[] = []): Service {
  const service = createService({
    projectDir: dir,
    configDir: join(dir, '..', 'config'),
    secrets: new MemorySecretStore(),
    watch: false,
    emit: (event: EventName) => void events.push(event),
  });
  services.push(service);
  return service;
}

/** The file with its random id and creation time made comparable. */
function normalized(text: string, id: string): string {
  return text.replaceAll(id, '<id>').replace(/strata:created .*/, 'strata:created <now>');
}

describe('revision.create', () => {
  it('writes the file `strata revision` writes, and the graph has it as a head', async () => {
    const dir = copy();
    const events: string[] = [];
    const service = serviceOn(dir, events);
    const made = await service.handlers['revision.create']({
      message: 'add audit retention',
      parent: '6889de750fdb',
      branchLabel: 'retention',
      dependsOn: ['0874aef793be'],
      transactional: false,
    });
    expect(made.parents).toEqual(['6889de750fdb']);
    expect(made.file).toMatch(new RegExp(`versions/${made.id}_add_audit_retention\\.sql$`));
    expect(events).toContain('project.changed');
    const graph = await service.handlers['project.graph']({});
    expect(graph.heads).toContain(made.id);
    expect(graph.heads).not.toContain('6889de750fdb');
    const detail = await service.handlers['revision.get']({ id: made.id });
    expect(detail).toMatchObject({ transactional: false, dependsOn: ['0874aef793be'], declaredLabels: ['retention'] });

    const cliDir = copy();
    const out = execFileSync(
      process.execPath,
      [
        resolve('bin/strata.js'),
        '--project',
        cliDir,
        'revision',
        '-m',
        'add audit retention',
        '--parent',
        '6889de750fdb',
        '--branch-label',
        'retention',
        '--depends-on',
        '0874aef793be',
        '--non-transactional',
        '--json',
      ],
      { cwd: cliDir, encoding: 'utf8' },
    );
    const cli = JSON.parse(out) as { revision: string; file: string };
    expect(normalized(readFileSync(resolve(detail.file), 'utf8'), made.id)).toBe(
      normalized(readFileSync(cli.file, 'utf8'), cli.revision),
    );
  });

  it('refuses as the CLI does, naming the heads or the label, and writes nothing', async () => {
    const service = serviceOn(copy());
    const before = (await service.handlers['project.info']({})).revisionCount;
    await expect(
      service.handlers['revision.create']({ message: 'x', dependsOn: [], transactional: true }),
    ).rejects.toThrow(/the graph has 2 heads \(6889de750fdb, 0874aef793be\)/);
    await expect(
      service.handlers['revision.create']({
        message: 'x',
        parent: '0874aef793be',
        branchLabel: 'billing',
        dependsOn: [],
        transactional: true,
      }),
    ).rejects.toThrow(/branch label 'billing' is already used/);
    expect((await service.handlers['project.info']({})).revisionCount).toBe(before);
  });
});
