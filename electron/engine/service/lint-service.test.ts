// The studio's lint through the service, as the doors call it: it runs in the lint worker,
// answers what linting the project in process answers, follows every reload (an edit is
// linted again from that revision on; another project drops the old pass) and reports a
// project that cannot be loaded as such.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chain, writeProject } from '../../../test/support/projects.ts';
import { lintProject, projectLintOptions } from '../lint/project-lint.ts';
import { loadProject } from '../project/project.ts';
import { projectLintOf, revisionLintOf } from './lint-views.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService, type Service } from './service.ts';

const services: Service[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
});

function sample(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'strata-lint-service-')), 'project');
  cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
  return dir;
}

function start(projectDir: string): Service {
  const service = createService({
    projectDir,
    configDir: mkdtempSync(join(tmpdir(), 'strata-lint-config-')),
    secrets: new MemorySecretStore(),
    emit: () => {},
  });
  services.push(service);
  return service;
}

type Call = (method: string, input: unknown) => Promise<unknown>;
const caller =
  (service: Service): Call =>
  (method, input) =>
    (service.handlers as unknown as Record<string, (i: unknown) => Promise<unknown>>)[method]?.(
      input,
    ) as Promise<unknown>;

async function inProcess(dir: string): Promise<{ summary: unknown; revision: (id: string) => unknown }> {
  const project = loadProject(dir);
  const { reports } = await lintProject(project, undefined, projectLintOptions(project));
  return {
    summary: projectLintOf(project.config.dialect, reports),
    revision: (id) => revisionLintOf(id, reports.find((r) => r.revision === id) as (typeof reports)[number]),
  };
}

describe('lint in the studio service', () => {
  it('answers what a lint of the project in process answers', async () => {
    const dir = sample();
    const call = caller(start(dir));
    const expected = await inProcess(dir);
    expect(await call('lint.project', {})).toEqual(expected.summary);
    expect(await call('lint.revision', { id: '37d8e4952211' })).toEqual(expected.revision('37d8e4952211'));
  });

  it('lints a saved revision again, and the project as a fresh lint of the edited files would', async () => {
    const dir = sample();
    const call = caller(start(dir));
    await call('lint.project', {});
    const before = (await call('lint.revision', { id: '37d8e4952211' })) as { statements: unknown[] };
    const upgradeSql =
      'CREATE INDEX audit_log_organization_occurred_idx ON audit_log (organization_id, occurred_at DESC);\n' +
      'ALTER TABLE audit_log DROP COLUMN actor_user_id;\n';
    await call('revision.save', { id: '37d8e4952211', upgradeSql, downgradeSql: null });
    const after = (await call('lint.revision', { id: '37d8e4952211' })) as {
      statements: { statement: string; findings: { rule: string }[] }[];
    };
    expect(after.statements).toHaveLength(2);
    expect(after.statements[1]?.statement).toMatch(/DROP COLUMN actor_user_id/);
    expect(after).not.toEqual(before);
    const expected = await inProcess(dir);
    expect(after).toEqual(expected.revision('37d8e4952211'));
    expect(await call('lint.project', {})).toEqual(expected.summary);
  });

  it('lints unsaved text in place of its revision, and leaves the saved lint alone', async () => {
    const id = '37d8e4952211';
    const upgradeSql = 'ALTER TABLE audit_log DROP COLUMN actor_user_id;\n';
    const saved = caller(start(sample()));
    const detail = (await saved('revision.get', { id })) as { upgradeLine: number; transactional: boolean };
    await saved('revision.save', { id, upgradeSql, downgradeSql: null });
    const expected = (await saved('lint.revision', { id })) as { statements: unknown[]; findings: unknown[] };

    const call = caller(start(sample()));
    const summary = await call('lint.project', {});
    const before = await call('lint.revision', { id });
    const draft = (await call('lint.draft', {
      id,
      upgradeSql,
      upgradeLine: detail.upgradeLine,
      transactional: detail.transactional,
    })) as { statements: unknown[]; findings: unknown[]; elapsedMs: number };
    expect({ statements: draft.statements, findings: draft.findings }).toEqual({
      statements: expected.statements,
      findings: expected.findings,
    });
    expect(draft.elapsedMs).toBeGreaterThan(0);
    expect(await call('lint.revision', { id })).toEqual(before);
    expect(await call('lint.project', {})).toEqual(summary);
  });

  it('lints the text of a new revision against the schema at the heads', async () => {
    const call = caller(start(sample()));
    const draft = (await call('lint.draft', {
      upgradeSql: 'CREATE TABLE t (id INTEGER PRIMARY KEY);\nALTER TABLE audit_log DROP COLUMN actor_user_id;\n',
      upgradeLine: 1,
      transactional: true,
    })) as { statements: { line: number; findings: { rule: string }[] }[] };
    expect(draft.statements.map((st) => st.line)).toEqual([1, 2]);
    // audit_log exists at the heads: dropping its column is a finding; t is new.
    expect(draft.statements[0]?.findings).toEqual([]);
    expect(draft.statements[1]?.findings.map((f) => f.rule)).toContain('sqlite-drop-column');
    await expect(call('lint.draft', { id: 'ffffffffffff', upgradeSql: '', transactional: true })).rejects.toMatchObject(
      {
        code: 'not-found',
      },
    );
  });

  it('a reload drops the pending lint of the old project and answers for the new one', async () => {
    // Big enough that its lint cannot be done before the reload arrives.
    const big = writeProject('sqlite', chain(3000));
    const small = sample();
    const call = caller(start(big));
    const pending = call('lint.project', {});
    await call('project.open', { dir: small });
    expect(await pending).toEqual((await inProcess(small)).summary);
  });

  it('a project that cannot be loaded answers lint with its problems', async () => {
    const dir = sample();
    writeFileSync(join(dir, 'strata.json'), '{ "dialect": ');
    const call = caller(start(dir));
    await expect(call('lint.project', {})).rejects.toMatchObject({ code: 'project' });
  });
});
