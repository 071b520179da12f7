// `strata serve` as a real child process, for the tests that must show the process itself
// survives what a hostile client sends (an in-process bridge would hide a crash behind the
// test runner's own error handling). A fresh copy of the sample project and config folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, expect } from 'vitest';
import WebSocket from 'ws';
import { eventsProtocols } from '../../shared/api/bridge.ts';
import { copySample } from './projects.ts';

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startServeProcess(): Promise<ServeProcess> {
  const root = mkdtempSync(join(tmpdir(), 'strata-serve-'));
  const dir = copySample(join(root, 'project'));
  const configDir = join(root, 'config');
  mkdirSync(configDir);
  const env: NodeJS.ProcessEnv = { ...process.env, STRATA_CONFIG_DIR: configDir, NO_COLOR: '1' };
  delete env.STRATA_DEBUG;
  const child = spawn(process.execPath, [resolve('bin/strata.js'), '--project', dir, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<URL>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`strata serve printed no URL within 30 s: ${out}${err}`)), 30_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl(new URL(match[0]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`strata serve exited (${code}) before printing its URL: ${out}${err}`));
    });
  });
  return {
    child,
    origin: url.origin,
    port: Number(url.port),
    token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '',
    stderr: () => err,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** POST /api/METHOD with the token; the parsed answer and the HTTP status. */
export function callApi(
  server: { port: number; token: string },
  method: string,
  input: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((done, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-strata-token': server.token },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(input));
  });
}

/** An events socket opened as the page opens it: the token in the subprotocol list. */
export function openEvents(server: { port: number; origin: string; token: string }): Promise<WebSocket> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, eventsProtocols(server.token), {
      origin: server.origin,
    });
    ws.once('open', () => done(ws));
    ws.once('error', reject);
  });
}

/** The next event named `name` on `ws`, within `ms`. */
export function nextEvent(ws: WebSocket, name: string, ms = 10_000): Promise<unknown> {
  return new Promise((done, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no '${name}' event within ${ms} ms`));
    }, ms);
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(String(data)) as { event: string; payload: unknown };
      if (message.event !== name) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      done(message.payload);
    };
    ws.on('message', onMessage);
  });
}

export interface ServedFile {
  server(): ServeProcess;
  /** The process is up, answers HTTP, and the page's socket still gets events. */
  stillServing(): Promise<void>;
}

/** A `strata serve` for the whole test file, with a page's events socket open on it. */
export function serveDuringFile(): ServedFile {
  let server: ServeProcess | undefined;
  let page: WebSocket | undefined;
  beforeAll(async () => {
    server = await startServeProcess();
    page = await openEvents(server);
  });
  afterAll(async () => {
    page?.terminate();
    await server?.stop();
  });
  const started = (): { server: ServeProcess; page: WebSocket } => {
    if (!server || !page) throw new Error('strata serve is not started (serveDuringFile() runs in beforeAll)');
    return { server, page };
  };
  return {
    server: () => started().server,
    async stillServing() {
      const { server: s, page: ws } = started();
      expect(s.alive(), `strata serve exited: ${s.stderr()}`).toBe(true);
      expect(await callApi(s, 'project.info', {})).toMatchObject({
        status: 200,
        body: { ok: true, value: { revisionCount: 31 } },
      });
      const status = nextEvent(ws, 'database.status');
      await callApi(s, 'database.status', { id: 'default' });
      expect(await status).toMatchObject({ connectionId: 'default' });
    },
  };
}
