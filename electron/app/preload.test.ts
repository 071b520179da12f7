// The preload against a fake 'electron' (no binary here): the surface it exposes and how it
// treats what the page hands it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Fake from '../../test/support/fake-electron.ts';

interface Exposed {
  invoke(method: unknown, input: unknown): Promise<unknown>;
  subscribe(listener: unknown): () => void;
}

let dir: string;
let fake: typeof Fake;
let strata: Exposed;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-preload-'));
  const out = join(dir, 'preload.mjs');
  await build({
    entryPoints: [resolve('electron/app/preload.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'fake-electron',
        setup: (b) => b.onResolve({ filter: /^electron$/ }, () => ({ path: resolve('test/support/fake-electron.ts') })),
      },
    ],
  });
  await import(pathToFileURL(out).href);
  fake = (globalThis as unknown as { __fakeElectron: typeof Fake }).__fakeElectron;
  strata = fake.contextBridge.exposed.get('strata') as Exposed;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preload', () => {
  it('exposes window.strata with invoke and subscribe, and nothing else', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['strata']);
    expect(Object.keys(strata).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('sends contract methods on their own channel and refuses other names without IPC', async () => {
    fake.ipcRenderer.answer = async () => ({ ok: true, value: { name: 'p' } });
    expect(await strata.invoke('project.info', {})).toEqual({ ok: true, value: { name: 'p' } });
    expect(fake.ipcRenderer.invoked).toEqual([{ channel: 'strata:invoke:project.info', input: {} }]);
    for (const bad of ['constructor', 'fs.readFile', '__proto__', 7, undefined])
      expect(await strata.invoke(bad, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(fake.ipcRenderer.invoked).toHaveLength(1);
  });

  it('turns a broken IPC call into an error result', async () => {
    fake.ipcRenderer.answer = async () => {
      throw new Error("No handler registered for 'strata:invoke:project.graph'");
    };
    expect(await strata.invoke('project.graph', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('No handler registered') },
    });
  });

  it('delivers events to every subscriber until it unsubscribes, without the IPC event object', () => {
    const a: unknown[][] = [];
    const b: unknown[][] = [];
    const offA = strata.subscribe((...args: unknown[]) => a.push(args));
    strata.subscribe(() => {
      throw new Error('a broken listener');
    });
    strata.subscribe((...args: unknown[]) => b.push(args));
    const original = console.error;
    console.error = () => {};
    try {
      fake.ipcRenderer.emit(
        'strata:event',
        { sender: 'must not leak' },
        { event: 'database.status', payload: { connectionId: 'default' } },
      );
      offA();
      fake.ipcRenderer.emit(
        'strata:event',
        { sender: 'must not leak' },
        { event: 'run.event', payload: { runId: 'r' } },
      );
    } finally {
      console.error = original;
    }
    expect(a).toEqual([['database.status', { connectionId: 'default' }]]);
    expect(b).toEqual([
      ['database.status', { connectionId: 'default' }],
      ['run.event', { runId: 'r' }],
    ]);
    expect(fake.ipcRenderer.listenerCount('strata:event')).toBe(1);
    expect(() => strata.subscribe('not a function')).toThrow(TypeError);
  });
});
