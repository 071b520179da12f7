// The contract through all three doors with one table of cases: the dispatcher as the
// service's own callers use it, the bridge over HTTP, and the Electron IPC door (bundled
// with a stand-in for 'electron', since no Electron binary runs here). Every door must give
// the same answer, and refuse a bad payload before the engine sees it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../shared/api/errors.ts';
import { createDispatcher, type Dispatch } from '../shared/rpc/dispatcher.ts';
import { startBridge, type Bridge } from '../electron/bridge/server.ts';
import { MemorySecretStore } from '../electron/engine/service/secrets.ts';
import { createService, type Service } from '../electron/engine/service/service.ts';
import { openIpcDoorUnderTest, type IpcDoorUnderTest } from './support/ipc-door.ts';
import { copySample } from './support/projects.ts';

type Door = (method: string, input: unknown) => Promise<Result<unknown>>;

interface Case {
  readonly name: string;
  readonly method: string;
  readonly input: unknown;
  readonly expect: { readonly ok: true; readonly check?: (value: unknown) => void } | { readonly ok: false; readonly code: string; readonly message: RegExp };
}

const CASES: readonly Case[] = [
  { name: 'project info', method: 'project.info', input: {}, expect: { ok: true, check: (v) => expect(v).toMatchObject({ revisionCount: 31, dialect: 'sqlite' }) } },
  { name: 'graph', method: 'project.graph', input: {}, expect: { ok: true, check: (v) => expect((v as { revisions: unknown[] }).revisions).toHaveLength(31) } },
  { name: 'a revision', method: 'revision.get', input: { id: 'e45df46a870b' }, expect: { ok: true, check: (v) => expect(v).toMatchObject({ id: 'e45df46a870b', parents: expect.any(Array) }) } },
  { name: 'an unknown revision', method: 'revision.get', input: { id: 'ffffffffffff' }, expect: { ok: false, code: 'not-found', message: /no revision ffffffffffff/ } },
  { name: 'a wrong type', method: 'revision.get', input: { id: 7 }, expect: { ok: false, code: 'invalid-input', message: /id: Invalid input/ } },
  { name: 'an extra key', method: 'project.graph', input: { all: true }, expect: { ok: false, code: 'invalid-input', message: /Unrecognized key/ } },
  { name: 'a missing input', method: 'run.plan', input: undefined, expect: { ok: false, code: 'invalid-input', message: /connectionId/ } },
  { name: 'an unknown method', method: 'fs.readFile', input: {}, expect: { ok: false, code: 'unknown-method', message: /unknown method 'fs.readFile'/ } },
  { name: 'a bad target', method: 'run.plan', input: { connectionId: 'default', direction: 'upgrade', target: 'head' }, expect: { ok: false, code: 'target', message: /'head' is ambiguous: there are 2 heads/ } },
  { name: 'a plan', method: 'run.plan', input: { connectionId: 'default', direction: 'upgrade', target: 'audit@head' }, expect: { ok: true, check: (v) => expect((v as { steps: unknown[] }).steps.length).toBeGreaterThan(0) } },
  { name: 'lint of the project', method: 'lint.project', input: {}, expect: { ok: true, check: (v) => expect(v).toMatchObject({ dialect: 'sqlite', revisions: expect.any(Array) }) } },
  {
    name: 'lint of a revision',
    method: 'lint.revision',
    input: { id: '37d8e4952211' },
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ revision: '37d8e4952211', dialect: 'sqlite', statements: expect.arrayContaining([expect.objectContaining({ kind: 'CREATE INDEX', locks: expect.any(Array), findings: expect.any(Array) })]) }) },
  },
  { name: 'lint of an unknown revision', method: 'lint.revision', input: { id: 'ffffffffffff' }, expect: { ok: false, code: 'not-found', message: /no revision ffffffffffff/ } },
  { name: 'a fix for no finding', method: 'lint.applyFix', input: { id: 'e45df46a870b', rule: 'no-such-rule', line: 1 }, expect: { ok: false, code: 'not-found', message: /no finding 'no-such-rule' on line 1/ } },
  { name: 'a fix with a bad line', method: 'lint.applyFix', input: { id: 'e45df46a870b', rule: 'drop-table', line: 0 }, expect: { ok: false, code: 'invalid-input', message: /line/ } },
  { name: 'live impact on SQLite', method: 'lint.impact', input: { connectionId: 'default', revisions: ['37d8e4952211'] }, expect: { ok: false, code: 'unsupported', message: /need a PostgreSQL connection/ } },
  { name: 'live impact of no revision', method: 'lint.impact', input: { connectionId: 'default', revisions: [] }, expect: { ok: false, code: 'invalid-input', message: /revisions/ } },
  { name: 'a rehearsal on SQLite', method: 'run.rehearse', input: { connectionId: 'default', target: 'audit@head' }, expect: { ok: false, code: 'unsupported', message: /a rehearsal needs a PostgreSQL connection/ } },
  { name: 'a protected-style refusal', method: 'connections.remove', input: { id: 'default' }, expect: { ok: false, code: 'invalid-input', message: /cannot be removed/ } },
];

let root: string;
let bridge: Bridge;
let service: Service;
let doors: Record<'dispatcher' | 'bridge' | 'ipc', Door>;
let ipcDoor: IpcDoorUnderTest;

function copyProject(name: string): string {
  return copySample(join(root, name));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-doors-'));
  // Door 1: the dispatcher over the service.
  service = createService({ projectDir: copyProject('direct'), configDir: join(root, 'config-direct'), secrets: new MemorySecretStore(), emit: () => {} });
  const direct: Dispatch = createDispatcher(service.handlers);
  // Door 2: the bridge.
  const staticDir = join(root, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  bridge = await startBridge({ projectDir: copyProject('bridge'), configDir: join(root, 'config-bridge'), secrets: new MemorySecretStore(), staticDir });
  // Door 3: electron/app/ipc.ts, bundled with the stand-in for 'electron'.
  const ipcService = createService({ projectDir: copyProject('ipc'), configDir: join(root, 'config-ipc'), secrets: new MemorySecretStore(), emit: () => {} });
  ipcDoor = await openIpcDoorUnderTest(createDispatcher(ipcService.handlers), root);
  doors = {
    dispatcher: direct,
    bridge: async (method, input) => {
      const response = await fetch(`${bridge.origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-strata-token': bridge.token }, body: JSON.stringify(input ?? {}) });
      return (await response.json()) as Result<unknown>;
    },
    ipc: ipcDoor.call,
  };
});

afterAll(async () => {
  await bridge?.close();
  await service?.dispose();
});

describe('one contract, three doors', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const answers: Record<string, Result<unknown>> = {};
      for (const [name, door] of Object.entries(doors)) {
        const result = await door(c.method, c.input);
        answers[name] = result;
        if (c.expect.ok) {
          expect(result, `${name}: ${JSON.stringify(result).slice(0, 300)}`).toMatchObject({ ok: true });
          if (result.ok) c.expect.check?.(result.value);
        } else {
          expect(result.ok, name).toBe(false);
          if (!result.ok) {
            expect(result.error.code, name).toBe(c.expect.code);
            expect(result.error.message, name).toMatch(c.expect.message);
          }
        }
      }
      // The same question gets the same answer through every door.
      const normalize = (r: Result<unknown>): string => JSON.stringify(r).replace(/"dir":"[^"]*"|"file":"[^"]*"|"name":"(direct|bridge|ipc)"/g, '');
      expect(normalize(answers.bridge as Result<unknown>)).toBe(normalize(answers.dispatcher as Result<unknown>));
      expect(normalize(answers.ipc as Result<unknown>)).toBe(normalize(answers.dispatcher as Result<unknown>));
    });
  }

  it('the IPC door refuses a sender that is not our app page', async () => {
    const refused = await ipcDoor.callFrom('https://evil.example/', 'project.info', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});
