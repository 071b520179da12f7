// The bridge serializes an answer the service keeps (the project's graph) once, whatever
// the number of windows and page reloads that ask for it: at 50,000 revisions that JSON is
// megabytes and a tenth of a second of the bridge's thread each time. Fresh answers are
// serialized as they come, and a reload of the project gives a new graph, sent anew. A large
// answer goes gzipped to a client that accepts it, and plain to one that does not.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chain, writeProject } from '../../test/support/projects.ts';
import { MemorySecretStore } from '../engine/service/secrets.ts';
import { startBridge, type Bridge } from './server.ts';

let bridge: Bridge | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await bridge?.close();
  bridge = undefined;
});

async function call(b: Bridge, method: string): Promise<string> {
  const response = await fetch(`${b.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-strata-token': b.token },
    body: '{}',
  });
  return response.text();
}

describe('bridge answers', () => {
  it('serializes the kept graph once, and a reloaded project anew', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-bridge-json-'));
    const dir = join(root, 'sample');
    cpSync(resolve('migrations-sample'), dir, { recursive: true, filter: (src) => !src.includes('dev.sqlite') });
    mkdirSync(join(root, 'static'));
    writeFileSync(join(root, 'static', 'index.html'), '<!doctype html>');
    bridge = await startBridge({
      projectDir: dir,
      configDir: join(root, 'config'),
      secrets: new MemorySecretStore(),
      staticDir: join(root, 'static'),
    });
    const stringify = vi.spyOn(JSON, 'stringify');
    const graphs = (): number =>
      stringify.mock.calls.filter(
        ([value]) => typeof value === 'object' && value !== null && 'ids' in value && 'bases' in value,
      ).length;
    const first = await call(bridge, 'project.graph');
    const second = await call(bridge, 'project.graph');
    expect(JSON.parse(first)).toMatchObject({ ok: true, value: { heads: expect.any(Array) } });
    expect(second).toBe(first);
    expect(graphs()).toBe(1);
    await call(bridge, 'project.open');
    expect(await call(bridge, 'project.graph')).toBe(first);
    expect(graphs()).toBe(2);
  });

  it('sends a large answer gzipped when the client accepts gzip, plain otherwise', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-bridge-gzip-'));
    mkdirSync(join(root, 'static'));
    writeFileSync(join(root, 'static', 'index.html'), '<!doctype html>');
    const b = await startBridge({
      projectDir: writeProject('sqlite', chain(6000)),
      configDir: join(root, 'config'),
      secrets: new MemorySecretStore(),
      staticDir: join(root, 'static'),
    });
    bridge = b;
    const raw = (headers: Record<string, string>): Promise<{ encoding: string | undefined; body: Buffer }> =>
      new Promise((resolveReply, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: b.port,
            path: '/api/project.graph',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-strata-token': b.token, ...headers },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolveReply({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    const plain = await raw({});
    expect(plain.encoding).toBeUndefined();
    const graph = JSON.parse(plain.body.toString('utf8')) as { ok: boolean; value: { ids: unknown[] } };
    expect(graph.value.ids).toHaveLength(6000);
    const zipped = await raw({ 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    // A small answer is sent as it is.
    expect((await call(b, 'project.info')).length).toBeGreaterThan(0);
  });
});
