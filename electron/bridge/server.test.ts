// The bridge door: token, Host and Origin checks on every request and on the event socket,
// and the contract enforced at the door. A real server on 127.0.0.1, a real project.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventsProtocols } from '../../shared/api/bridge.ts';
import { copySample } from '../../test/support/projects.ts';
import { MemorySecretStore } from '../engine/service/secrets.ts';
import { startBridge, type Bridge } from './server.ts';

let bridge: Bridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

async function start(): Promise<{ bridge: Bridge; dir: string; configDir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'strata-bridge-'));
  const dir = copySample(join(root, 'sample'));
  const staticDir = join(root, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Strata</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  const configDir = join(root, 'config');
  bridge = await startBridge({ projectDir: dir, configDir, secrets: new MemorySecretStore(), staticDir });
  return { bridge, dir, configDir };
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

function raw(
  b: Bridge,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: b.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolveReply({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(
  b: Bridge,
  method: string,
  input: unknown,
  headers: Record<string, string> = { 'x-strata-token': b.token },
): Promise<Reply> {
  return raw(b, `/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

describe('bridge security', () => {
  it(
    'listens on 127.0.0.1 only and prints a URL with its token ' + 'in the fragment, which browsers never send',
    async () => {
      const { bridge: b } = await start();
      expect(b.url).toBe(`http://127.0.0.1:${b.port}/#token=${b.token}`);
      expect(b.token).toMatch(/^[0-9a-f]{48}$/);
    },
  );

  it(
    'refuses API calls without the token in its header, ' +
      'or with a wrong one, and says where the right URL comes from',
    async () => {
      const { bridge: b } = await start();
      expect((await api(b, 'project.info', {}, {})).status).toBe(401);
      expect((await api(b, 'project.info', {}, { 'x-strata-token': 'f'.repeat(48) })).status).toBe(401);
      const refused = JSON.parse((await api(b, 'project.info', {}, {})).body) as {
        ok: false;
        error: { code: string; message: string };
      };
      expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(refused.error.message).toMatch(/open the URL that `strata serve` printed/);
      // Neither a cookie nor the query string carries the token any more.
      expect((await api(b, 'project.info', {}, { cookie: `strata_token=${b.token}` })).status).toBe(401);
      expect((await raw(b, `/api/project.info?token=${b.token}`, { method: 'POST', body: '{}' })).status).toBe(401);
    },
  );

  it('refuses another Origin and a foreign Host even with the token', async () => {
    const { bridge: b } = await start();
    expect(
      (await api(b, 'project.info', {}, { 'x-strata-token': b.token, origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (await api(b, 'project.info', {}, { 'x-strata-token': b.token, host: `evil.example:${b.port}` })).status,
    ).toBe(403);
    expect((await raw(b, '/', { headers: { host: `evil.example:${b.port}` } })).status).toBe(403);
    expect((await api(b, 'project.info', {}, { 'x-strata-token': b.token, origin: b.origin })).status).toBe(200);
  });

  it(
    'serves the page and its assets without the token, ' + 'with a strict CSP, and no response carries the token',
    async () => {
      const { bridge: b } = await start();
      const replies: Reply[] = [];
      const get = async (path: string, options: Parameters<typeof raw>[2] = {}): Promise<Reply> => {
        const reply = await raw(b, path, options);
        replies.push(reply);
        return reply;
      };
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>Strata</title>');
      expect(String(page.headers['content-security-policy'])).toMatch(/default-src 'self'/);
      expect((await get('/assets/app.js')).status).toBe(200);
      expect((await get('/index.html', { headers: { 'x-strata-token': b.token } })).status).toBe(200);
      expect((await get('/', { method: 'HEAD' })).status).toBe(200);
      expect((await get('/../package.json')).status).not.toBe(200);
      expect((await get('/%2e%2e/package.json')).status).not.toBe(200);
      expect((await get('/%E0%A4%A')).status).toBe(400);
      expect((await get('/missing.js')).status).toBe(404);
      expect((await get('/', { method: 'POST' })).status).toBe(405);
      await get('/api/project.info', { method: 'POST', body: '{}' });
      await get('/', { headers: { origin: 'https://evil.example' } });
      await get('/api/project.info', { method: 'POST', body: '{}', headers: { 'x-strata-token': b.token } });
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 404, 404, 400, 404, 405, 401, 403, 200]);
      for (const reply of replies) {
        expect(reply.headers['set-cookie'], `Set-Cookie on a ${reply.status}`).toBeUndefined();
        expect(JSON.stringify(reply.headers)).not.toContain(b.token);
        expect(reply.body).not.toContain(b.token);
      }
    },
  );

  it(
    'refuses the event socket without the token, with it in the URL, ' + 'or from another Origin, and accepts the page',
    async () => {
      const { bridge: b } = await start();
      const open = (url: string, protocols: string[], origin?: string): Promise<string> =>
        new Promise((done) => {
          const ws = new WebSocket(url, protocols, origin ? { origin } : {});
          ws.on('open', () => {
            done(`open:${ws.protocol}`);
            ws.close();
          });
          ws.on('unexpected-response', (_req, res) => {
            done(`refused:${res.statusCode}`);
            ws.terminate();
          });
          ws.on('error', () => done('error'));
        });
      const base = `ws://127.0.0.1:${b.port}/events`;
      expect(await open(base, [])).toBe('refused:401');
      expect(await open(base, ['strata.events'])).toBe('refused:401');
      expect(await open(base, eventsProtocols('f'.repeat(48)))).toBe('refused:401');
      expect(await open(`${base}?token=${b.token}`, ['strata.events'], b.origin)).toBe('refused:401');
      expect(await open(base, eventsProtocols(b.token), 'https://evil.example')).toBe('refused:403');
      expect(await open(`ws://127.0.0.1:${b.port}/other`, eventsProtocols(b.token), b.origin)).toBe('refused:404');
      // The bridge echoes the events protocol, never the one that carries the token.
      expect(await open(base, eventsProtocols(b.token), b.origin)).toBe('open:strata.events');
    },
  );
});

describe('the contract at the bridge door', () => {
  it('rejects invalid payloads with a clear error before the engine sees them', async () => {
    const { bridge: b } = await start();
    const cases: [string, unknown, RegExp][] = [
      ['revision.get', { id: 42 }, /id: Invalid input/],
      ['revision.get', { id: 'NOT AN ID!' }, /revision id/],
      ['run.start', { connectionId: 'default', direction: 'sideways', target: 'heads' }, /direction/],
      [
        'connections.save',
        {
          name: 'x',
          settings: { kind: 'postgres', host: 'h', port: 99999, database: 'd', user: 'u', sslMode: 'disable' },
          protected: false,
        },
        /port/,
      ],
      ['project.info', { extra: true }, /Unrecognized key/],
    ];
    for (const [method, input, message] of cases) {
      const reply = JSON.parse((await api(b, method, input)).body) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      expect(reply.ok).toBe(false);
      expect(reply.error.code).toBe('invalid-input');
      expect(reply.error.message).toMatch(message);
    }
    const unknown = JSON.parse((await api(b, 'project.delete', {})).body) as { error: { code: string } };
    expect(unknown.error.code).toBe('unknown-method');
    const notJson = await raw(b, '/api/project.info', {
      method: 'POST',
      headers: { 'x-strata-token': b.token },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    // Still serving after all that.
    expect(JSON.parse((await api(b, 'project.info', {})).body)).toMatchObject({
      ok: true,
      value: { revisionCount: 31 },
    });
  });

  it('answers project and graph questions, runs a migration in a worker and streams its events', async () => {
    const { bridge: b } = await start();
    const graph = JSON.parse((await api(b, 'project.graph', {})).body) as {
      ok: true;
      value: { ids: string[]; heads: string[] };
    };
    expect(graph.value.ids).toHaveLength(31);
    expect(graph.value.heads.sort()).toEqual(['0874aef793be', '6889de750fdb']);
    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/events`, eventsProtocols(b.token), { origin: b.origin });
    await new Promise((r) => ws.on('open', r));
    const events: { event: string; payload: { event?: { type: string } } }[] = [];
    const finished = new Promise<void>((done) => {
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as (typeof events)[number];
        events.push(message);
        if (
          message.event === 'run.event' &&
          (message.payload.event?.type === 'done' || message.payload.event?.type === 'failed')
        )
          done();
      });
    });
    const plan = JSON.parse(
      (await api(b, 'run.plan', { connectionId: 'default', direction: 'upgrade', target: 'heads' })).body,
    ) as { value: { steps: unknown[] } };
    expect(plan.value.steps).toHaveLength(31);
    const started = JSON.parse(
      (await api(b, 'run.start', { connectionId: 'default', direction: 'upgrade', target: 'heads' })).body,
    ) as { ok: boolean; value: { runId: string } };
    expect(started.ok).toBe(true);
    await finished;
    ws.close();
    const types = events.filter((e) => e.event === 'run.event').map((e) => e.payload.event?.type);
    expect(types[0]).toBe('plan');
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'step-end')).toHaveLength(31);
    const status = JSON.parse((await api(b, 'database.status', { id: 'default' })).body) as {
      value: { rows: string[]; applied: string[] };
    };
    expect(status.value.rows.sort()).toEqual(['0874aef793be', '6889de750fdb']);
    expect(status.value.applied).toHaveLength(31);
  });

  it('keeps passwords out of files and shows a dead host as unreachable within seconds', async () => {
    const { bridge: b, configDir, dir } = await start();
    // A PostgreSQL project, so the dead host is judged on its reachability, not refused for its dialect.
    const pgProject = join(dir, '..', 'pg-sample');
    cpSync(resolve('migrations-sample/postgres'), pgProject, { recursive: true });
    expect((await api(b, 'project.open', { dir: pgProject })).status).toBe(200);
    const saved = JSON.parse(
      (
        await api(b, 'connections.save', {
          name: 'dead',
          settings: { kind: 'postgres', host: '127.0.0.1', port: 1, database: 'app', user: 'me', sslMode: 'disable' },
          password: 's3cret-pw',
          protected: true,
        })
      ).body,
    ) as { ok: boolean; value: { id: string; hasPassword: boolean; secretStorage: string } };
    expect(saved.ok).toBe(true);
    expect(saved.value).toMatchObject({ hasPassword: true, secretStorage: 'memory' });
    for (const f of readdirSync(configDir)) expect(readFileSync(join(configDir, f), 'utf8')).not.toContain('s3cret-pw');
    const t0 = Date.now();
    const status = JSON.parse((await api(b, 'database.status', { id: saved.value.id })).body) as {
      value: { reachable: boolean; error: string };
    };
    expect(status.value.reachable).toBe(false);
    expect(status.value.error).not.toContain('s3cret-pw');
    expect(Date.now() - t0).toBeLessThan(5000);
    const list = (await api(b, 'connections.list', {})).body;
    expect(list).not.toContain('s3cret-pw');
    // Protected: a change needs the database name typed; a downgrade needs an unlock first.
    const refused = JSON.parse(
      (await api(b, 'run.start', { connectionId: saved.value.id, direction: 'upgrade', target: 'heads' })).body,
    ) as { error: { code: string; message: string } };
    expect(refused.error).toMatchObject({ code: 'protected' });
    expect(refused.error.message).toMatch(/type the database name \(app\)/);
    const down = JSON.parse(
      (
        await api(b, 'run.start', {
          connectionId: saved.value.id,
          direction: 'downgrade',
          target: 'base',
          confirmDatabaseName: 'app',
        })
      ).body,
    ) as { error: { code: string; message: string } };
    expect(down.error.message).toMatch(/downgrade is refused unless the connection is unlocked/);
    expect(
      JSON.parse((await api(b, 'connections.unlock', { id: saved.value.id, databaseName: 'wrong' })).body),
    ).toMatchObject({ ok: false, error: { code: 'protected' } });
    expect(
      JSON.parse((await api(b, 'connections.unlock', { id: saved.value.id, databaseName: 'app' })).body),
    ).toMatchObject({ ok: true });
  });
});
