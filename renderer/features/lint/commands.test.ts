import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { scriptedClient, settle } from '../../../test/support/scripted-client.ts';
import type { StudioStore } from '../../store/studio-store.ts';
import { applyLintFix, loadProjectLint, loadRevisionLint } from './commands.ts';
import { createLintStore } from './store.ts';

/** The parts of the studio the lint commands use: the client, the project reload, the selection. */
function studioWith(client: ReturnType<typeof scriptedClient>['client'], reloads: string[]): StudioStore {
  return createStore(() => ({
    client,
    selectedId: 'r1',
    loadProject: async () => void reloads.push('project'),
    select: async (id: string | null) => void reloads.push(`select ${id}`),
  })) as unknown as StudioStore;
}

const summary = (revision: string) => ({ dialect: 'postgres', revisions: [{ revision, worst: 'error', findings: 1 }] });
const revisionLint = (revision: string) => ({ revision, statements: [], findings: [] });

describe('lint commands', () => {
  it('keep the newest project lint when an older answer arrives last', async () => {
    const { client, calls } = scriptedClient();
    const lint = createLintStore();
    const studio = studioWith(client, []);
    const first = loadProjectLint(lint, studio);
    const second = loadProjectLint(lint, studio);
    calls[1]?.answer(summary('new'));
    await second;
    calls[0]?.answer(summary('old'));
    await first;
    expect(Object.keys(lint.getState().lintSummary ?? {})).toEqual(['new']);
  });

  it('drop a revision lint asked for before the project was linted again', async () => {
    const { client, calls } = scriptedClient();
    const lint = createLintStore();
    const studio = studioWith(client, []);
    const stale = loadRevisionLint(lint, studio, 'r1');
    expect(lint.getState().revisionLints.r1).toEqual({ state: 'loading' });
    void loadProjectLint(lint, studio);
    expect(lint.getState().revisionLints).toEqual({});
    calls[0]?.answer(revisionLint('r1'));
    await stale;
    expect(lint.getState().revisionLints.r1).toBeUndefined();
  });

  it(
    'apply a fix: busy while it runs, ' + 'then the project and the selected revision reloaded, its new lint kept',
    async () => {
      const { client, calls } = scriptedClient();
      const lint = createLintStore();
      const reloads: string[] = [];
      const done = applyLintFix(lint, studioWith(client, reloads), 'r1', 'require-lock-timeout', 7);
      expect(lint.getState()).toMatchObject({ fixing: 'r1:require-lock-timeout:7:0', fixError: null });
      expect(calls[0]).toMatchObject({
        method: 'lint.applyFix',
        input: { id: 'r1', rule: 'require-lock-timeout', line: 7, index: 0 },
      });
      calls[0]?.answer({ checksum: 'c', lint: revisionLint('r1') });
      await done;
      expect(reloads).toEqual(['project', 'select r1']);
      expect(lint.getState()).toMatchObject({
        fixing: null,
        revisionLints: { r1: { state: 'ready', lint: revisionLint('r1') } },
      });
    },
  );

  it('show why a fix failed', async () => {
    const { client, calls } = scriptedClient();
    const lint = createLintStore();
    const done = applyLintFix(lint, studioWith(client, []), 'r1', 'rule', 3, 1);
    await settle();
    calls[0]?.fail('the file changed on disk');
    await done;
    expect(lint.getState()).toMatchObject({ fixing: null, fixError: 'the file changed on disk' });
  });
});
