// The studio's project is live: what changes on disk (a new revision from the CLI, an
// editor's save, a git pull, a deleted file) is read again and told to every window as a
// `project.changed` event, and the graph and a plan always come from the same load.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/api/contract.ts';
import type { ProjectInfo } from '../../../shared/api/project.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService, type Service } from './service.ts';

const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

interface Live {
  readonly dir: string;
  readonly service: Service;
  readonly changes: ProjectInfo[];
  /** The next project.changed event, or a failure after `ms`. */
  next(ms?: number): Promise<ProjectInfo>;
}

function liveProject(watch = true): Live {
  const dir = join(mkdtempSync(join(tmpdir(), 'strata-live-')), 'project');
  cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
  const changes: ProjectInfo[] = [];
  const waiting: ((info: ProjectInfo) => void)[] = [];
  const service = createService({
    projectDir: dir,
    configDir: join(dir, '..', 'config'),
    secrets: new MemorySecretStore(),
    watch,
    emit: (event: EventName, payload: unknown) => {
      if (event !== 'project.changed') return;
      changes.push(payload as ProjectInfo);
      waiting.shift()?.(payload as ProjectInfo);
    },
  });
  services.push(service);
  const next = (ms = 1000): Promise<ProjectInfo> =>
    new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no project.changed within ${ms} ms`)), ms);
      waiting.push((info) => {
        clearTimeout(timer);
        res(info);
      });
    });
  return { dir, service, changes, next };
}

const HEAD = '6889de750fdb';

function revisionText(id: string, parents: string, message: string): string {
  return [
    `-- strata:revision ${id}`,
    `-- strata:parents ${parents}`,
    `-- strata:message ${message}`,
    '',
    '-- strata:upgrade',
    `CREATE TABLE t_${id} (id INTEGER PRIMARY KEY);`,
    '',
    '-- strata:downgrade',
    `DROP TABLE t_${id};`,
    '',
  ].join('\n');
}

function fileOf(dir: string, id: string): string {
  const name = readdirSync(join(dir, 'versions')).find((f) => f.startsWith(id));
  if (!name) throw new Error(`no file for ${id}`);
  return join(dir, 'versions', name);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the project is live', () => {
  it('a revision added on disk is in the graph within a second, no reload asked', async () => {
    const live = liveProject();
    const before = await live.service.handlers['project.graph']({});
    const told = live.next();
    const t0 = performance.now();
    writeFileSync(join(live.dir, 'versions', 'aaaaaaaaaaa1_added.sql'), revisionText('aaaaaaaaaaa1', HEAD, 'added'));
    const info = await told;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(info.revisionCount).toBe(before.ids.length + 1);
    expect(info.generation).toBeGreaterThan(before.generation);
    const after = await live.service.handlers['project.graph']({});
    expect(after.heads).toContain('aaaaaaaaaaa1');
    expect(after.heads).not.toContain(HEAD);
    expect(after.generation).toBe(info.generation);
  });

  it("an editor's save by rename is seen, and the inspector reads the new text", async () => {
    const live = liveProject();
    const path = fileOf(live.dir, HEAD);
    const told = live.next();
    // What vim and JetBrains do: write a scratch file, then rename it over the revision.
    writeFileSync(`${path}.swp`, 'scratch');
    writeFileSync(`${path}.tmp`, readFileSync(path, 'utf8').replace(/strata:message .*/, 'strata:message edited'));
    renameSync(`${path}.tmp`, path);
    await told;
    expect((await live.service.handlers['revision.get']({ id: HEAD })).message).toBe('edited');
  });

  it('a file renamed or deleted on disk is followed', async () => {
    const live = liveProject();
    const path = fileOf(live.dir, HEAD);
    let told = live.next();
    renameSync(path, join(live.dir, 'versions', `${HEAD}_renamed.sql`));
    await told;
    expect((await live.service.handlers['revision.get']({ id: HEAD })).file).toMatch(/_renamed\.sql$/);
    const count = (await live.service.handlers['project.info']({})).revisionCount;
    told = live.next();
    rmSync(join(live.dir, 'versions', `${HEAD}_renamed.sql`));
    expect((await told).revisionCount).toBe(count - 1);
    await expect(live.service.handlers['revision.get']({ id: HEAD })).rejects.toThrow(/no revision/);
  });

  it('a burst of files (a git pull) is read once it settles, not once per file', async () => {
    const live = liveProject();
    const count = (await live.service.handlers['project.info']({})).revisionCount;
    let parent = HEAD;
    for (let i = 0; i < 40; i++) {
      const id = `bbbbbbbbbb${i.toString().padStart(2, '0')}`;
      writeFileSync(join(live.dir, 'versions', `${id}_pulled.sql`), revisionText(id, parent, `pulled ${i}`));
      parent = id;
    }
    await live.next();
    await delay(300);
    expect(live.changes.length).toBeLessThanOrEqual(3);
    expect(live.changes.at(-1)?.revisionCount).toBe(count + 40);
  });

  it('a write that changes nothing tells nothing', async () => {
    const live = liveProject();
    const path = fileOf(live.dir, HEAD);
    writeFileSync(path, readFileSync(path));
    utimesSync(path, new Date(), new Date());
    await delay(400);
    expect(live.changes).toEqual([]);
  });

  it('a strata.json that breaks is a project problem, and its repair is seen', async () => {
    const live = liveProject();
    const config = join(live.dir, 'strata.json');
    const text = readFileSync(config, 'utf8');
    let told = live.next();
    writeFileSync(config, text.replace('"dialect"', '"dialect" oops'));
    expect((await told).problems[0]?.file).toMatch(/strata\.json$/);
    told = live.next();
    writeFileSync(config, text);
    expect((await told).problems).toEqual([]);
  });

  it('a versions folder removed and put back (a checkout) is watched again', async () => {
    const live = liveProject();
    const versions = join(live.dir, 'versions');
    const aside = join(live.dir, '..', 'aside');
    let told = live.next();
    renameSync(versions, aside);
    expect((await told).problems.length).toBeGreaterThan(0);
    told = live.next();
    renameSync(aside, versions);
    expect((await told).problems).toEqual([]);
    told = live.next();
    writeFileSync(join(versions, 'ccccccccccc1_after.sql'), revisionText('ccccccccccc1', HEAD, 'after'));
    expect((await told).heads).toContain('ccccccccccc1');
  });
});

describe('the graph and a plan', () => {
  it('come from the same load, even before a watcher has told of a change', async () => {
    // No watcher: the disk changes behind the service's back, as in the window before one fires.
    const live = liveProject(false);
    const graph = await live.service.handlers['project.graph']({});
    expect(graph.heads).toHaveLength(2);
    const merge = 'dddddddddddd';
    writeFileSync(
      join(live.dir, 'versions', `${merge}_merge.sql`),
      revisionText(merge, graph.heads.join(', '), 'merge heads'),
    );
    const plan = await live.service.handlers['run.plan']({
      connectionId: 'default',
      direction: 'upgrade',
      target: 'heads',
    });
    expect(plan.steps.map((s) => s.revision)).toContain(merge);
    const after = await live.service.handlers['project.graph']({});
    expect(after.generation).toBe(plan.generation);
    expect(after.heads).toEqual([merge]);
    for (const step of plan.steps) expect(after.ids).toContain(step.revision);
    expect(live.changes.at(-1)?.heads).toEqual([merge]);
  });
});

describe('project.reload', () => {
  it('reads the files again on request, even with no watcher, and tells the windows', async () => {
    const live = liveProject(false);
    const count = (await live.service.handlers['project.info']({})).revisionCount;
    writeFileSync(join(live.dir, 'versions', 'eeeeeeeeeee1_added.sql'), revisionText('eeeeeeeeeee1', HEAD, 'added'));
    const info = await live.service.handlers['project.reload']({});
    expect(info.revisionCount).toBe(count + 1);
    expect(live.changes.at(-1)?.revisionCount).toBe(count + 1);
  });
});
