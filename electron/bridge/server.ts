// The bridge: the studio's renderer and the contract over HTTP + WebSocket, on 127.0.0.1
// only, behind a random token, so the same renderer runs in a plain browser. Every request
// is checked for the token, the Host (DNS rebinding) and the Origin (other sites).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayload } from '../../shared/api/contract.ts';
import { createDispatcher, type Dispatch } from '../../shared/rpc/dispatcher.ts';
import { createService, type Service } from '../engine/service/service.ts';
import type { SecretStore } from '../engine/service/secrets.ts';

export interface BridgeOptions {
  readonly projectDir: string;
  readonly configDir: string;
  readonly secrets: SecretStore;
  /** The built renderer (index.html and assets). */
  readonly staticDir: string;
  readonly port?: number;
  readonly token?: string;
}

export interface Bridge {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Monaco needs workers (blob/self) and inline styles; nothing is loaded from elsewhere. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_BODY = 10 * 1024 * 1024;
const COOKIE = 'strata_token';

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE) return v;
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const message = JSON.stringify({ event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
  };
  const service: Service = createService({ projectDir: options.projectDir, configDir: options.configDir, secrets: options.secrets, emit });
  const dispatch: Dispatch = createDispatcher(service.handlers, (method, error) => {
    process.stderr.write(`strata bridge: ${method} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  const staticRoot = resolve(options.staticDir);
  let origins: string[] = [];
  let hosts: string[] = [];

  /** Host must be ours (DNS rebinding); Origin, when sent, must be ours (other sites). */
  const trustedPeer = (req: IncomingMessage): boolean => {
    if (!hosts.includes(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return origin === undefined || origins.includes(origin);
  };
  const authorized = (req: IncomingMessage, url: URL): boolean =>
    sameToken(req.headers['x-strata-token'] as string | undefined, token) || sameToken(cookieToken(req), token) || sameToken(url.searchParams.get('token') ?? undefined, token);

  const serveFile = (res: ServerResponse, path: string, extraHeaders: Record<string, string> = {}): void => {
    res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff', ...extraHeaders });
    createReadStream(path).pipe(res);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!trustedPeer(req)) return send(res, 403, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'foreign Host or Origin' } }));
      if (!authorized(req, url)) return send(res, 401, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'missing or wrong token' } }));
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'POST only' } }));
        let input: unknown;
        try {
          const body = await readBody(req);
          input = body === '' ? {} : (JSON.parse(body) as unknown);
        } catch (error) {
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: `request body is not JSON: ${error instanceof Error ? error.message : String(error)}` } }));
        }
        const result = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), input);
        return send(res, 200, JSON.stringify(result));
      }
      if (req.method !== 'GET') return send(res, 405, '');
      const relativePath = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const path = normalize(join(staticRoot, relativePath));
      if (!path.startsWith(staticRoot + sep) && path !== staticRoot) return send(res, 404, '');
      if (!existsSync(path) || !statSync(path).isFile()) {
        if (relativePath === 'index.html') return send(res, 503, 'The renderer is not built: run `npm run build`.', 'text/plain; charset=utf-8');
        return send(res, 404, '', 'text/plain');
      }
      const headers: Record<string, string> = relativePath === 'index.html' ? { 'content-security-policy': CONTENT_SECURITY_POLICY, 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, 'cache-control': 'no-store' } : {};
      serveFile(res, path, headers);
    })().catch((error: unknown) => send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } })));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !trustedPeer(req) || !authorized(req, url)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const origin = origins[0] as string;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await service.dispose();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
