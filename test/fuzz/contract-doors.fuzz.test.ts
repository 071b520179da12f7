// Random payloads at every contract method, through the bridge's HTTP API and through the
// Electron IPC door: each answer is a typed Result, never a stack trace or a crash, and an
// input the contract refuses is refused with the path of what was wrong. Fixed seeds and
// bounded runs keep it a few seconds and make any failure replayable.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../shared/rpc/dispatcher.ts';
import { startBridge, type Bridge } from '../../electron/bridge/server.ts';
import { MemorySecretStore } from '../../electron/engine/service/secrets.ts';
import { createService, type Service } from '../../electron/engine/service/service.ts';
import { answerProblems, confine, contractPayload, type Payload } from '../support/contract-payloads.ts';
import { openIpcDoorUnderTest, type IpcDoorUnderTest } from '../support/ipc-door.ts';
import { copySample } from '../support/projects.ts';

const RUNS = 200;

let root: string;
let bridge: Bridge;
let ipcService: Service;
let ipc: IpcDoorUnderTest;
const projects: Record<'bridge' | 'ipc', string> = { bridge: '', ipc: '' };
/** What the bridge and the IPC dispatcher logged: one line per internal failure. */
const logged: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-door-fuzz-'));
  const staticDir = join(root, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  projects.bridge = copySample(join(root, 'bridge'));
  bridge = await startBridge({
    projectDir: projects.bridge,
    configDir: join(root, 'config-bridge'),
    secrets: new MemorySecretStore(),
    staticDir,
    log: (line) => logged.push(line),
  });
  projects.ipc = copySample(join(root, 'ipc'));
  ipcService = createService({
    projectDir: projects.ipc,
    configDir: join(root, 'config-ipc'),
    secrets: new MemorySecretStore(),
    emit: () => {},
  });
  const dispatch = createDispatcher(ipcService.handlers, {
    onInternalError: (method, error) =>
      logged.push(`${method} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  ipc = await openIpcDoorUnderTest(dispatch, root);
});

afterAll(async () => {
  await bridge?.close();
  await ipcService?.dispose();
});

interface Reply {
  readonly status: number;
  readonly text: string;
}

function post(path: string, body: string | Uint8Array, token = bridge.token): Promise<Reply> {
  return new Promise((done, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-strata-token': token },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Whether a project.open (or a project.create: it opens what it wrote) went through: the next runs must
 * reach the sample again. */
const opened = (payload: Payload, answer: unknown): boolean =>
  (payload.method === 'project.open' || payload.method === 'project.create') &&
  (answer as { ok?: unknown }).ok === true;

/** The door's answer to `payload`. */
async function throughBridge(payload: Payload): Promise<unknown> {
  const reply = await post(`/api/${encodeURIComponent(payload.method)}`, JSON.stringify(payload.input ?? null));
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  expect(reply.text).not.toContain(bridge.token);
  const answer = JSON.parse(reply.text) as unknown;
  if (opened(payload, answer)) await post('/api/project.open', JSON.stringify({ dir: projects.bridge }));
  return answer;
}

async function throughIpc(payload: Payload): Promise<unknown> {
  const answer = await ipc.call(payload.method, payload.input);
  if (opened(payload, answer)) await ipc.call('project.open', { dir: projects.ipc });
  return answer;
}

/** The bridge still answers, on the sample it was started on. Its revision count may have grown: a payload the
 * fuzzer meant to break can still be valid (a message of '.f_'), and revision.create then writes a revision. */
async function stillServing(): Promise<void> {
  const reply = await post('/api/project.info', '{}');
  const info = JSON.parse(reply.text) as { ok: boolean; value?: { dir: string; revisionCount: number } };
  expect(info).toMatchObject({ ok: true, value: { dir: projects.bridge } });
  expect(info.value?.revisionCount).toBeGreaterThanOrEqual(31);
}

describe('fuzzing the doors with contract payloads', () => {
  for (const [door, call, seed] of [
    ['the bridge', throughBridge, 1201],
    ['the IPC door', throughIpc, 1202],
  ] as const) {
    it(`${door}: every method, any payload, a typed answer naming what was wrong`, async () => {
      await fc.assert(
        fc.asyncProperty(contractPayload, async (generated) => {
          const payload = confine(generated, root);
          expect(answerProblems(payload, await call(payload))).toEqual([]);
        }),
        { seed, numRuns: RUNS },
      );
      await stillServing();
    });
  }

  it('the bridge: any method name and any body, a typed refusal, never a crash', async () => {
    const segment = fc.oneof(
      fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '/', '..', '?', '.', 'project.info', '__proto__', 'constructor'),
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
    );
    const name = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => parts.join(''));
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(name, body, async (method, raw) => {
        const reply = await post(`/api/${method}`, raw);
        expect([200, 400], reply.text.slice(0, 300)).toContain(reply.status);
        const answer = JSON.parse(reply.text) as { ok: boolean; error?: { code: string; message: string } };
        if (reply.status === 400) expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        expect(answer.error?.code).not.toBe('internal');
        expect(reply.text).not.toMatch(/\.(?:[cm]?[jt]sx?):\d+:\d+|\n\s+at /);
        expect(reply.text).not.toContain(bridge.token);
      }),
      { seed: 1203, numRuns: RUNS },
    );
    await stillServing();
  });

  it('logged no stack trace and no internal failure', () => {
    expect(logged).toEqual([]);
  });
});
