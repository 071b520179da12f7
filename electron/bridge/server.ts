// The bridge: the studio's renderer and the contract over HTTP + WebSocket, on 127.0.0.1
// only, behind a random token, so the same renderer runs in a plain browser. Every request
// is checked for the Host (DNS rebinding) and the Origin (other sites); /api and /events
// also for the token (shared/api/bridge.ts says how it travels: never in a cookie, never in
// a URL the browser sends). The page itself (index.html, assets) is the public build
// output: it holds no secret and is served without the token, so a page opened without it
// can explain where the right URL comes from.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { bridgeUrl, EVENTS_PATH, TOKEN_HEADER } from '../../shared/api/bridge.ts';
import type { EventName, EventReply } from '../../shared/api/contract.ts';
import type { ApiError } from '../../shared/api/errors.ts';
import { createDispatcher, type Dispatch } from '../../shared/rpc/dispatcher.ts';
import { createService, type Service, type ServiceOptions } from '../engine/service/service.ts';
import { jsonBody } from './json-body.ts';
import type { SecretStore } from '../engine/service/secrets.ts';
import { openEventsSocket, refuseUpgrade } from './events-socket.ts';

export interface BridgeOptions {
  readonly projectDir: string;
  readonly configDir: string;
  readonly secrets: SecretStore;
  /** The built renderer (index.html and assets). */
  readonly staticDir: string;
  readonly port?: number;
  readonly token?: string;
  /** One line per refused socket or failed call; stderr unless given. Never the token. */
  readonly log?: (line: string) => void;
  /** Started without a project: the welcome screen, and the sample it offers. */
  readonly welcome?: ServiceOptions['welcome'];
}

export interface Bridge {
  /** The URL to open: http://127.0.0.1:PORT/#token=… (the token in the fragment only). */
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
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_BODY = 10 * 1024 * 1024;
const WRONG_TOKEN =
  "missing or wrong token: open the URL that `strata serve` printed (it carries the token after '#token=')";

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge(`request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'application/json',
  extra: Record<string, string> = {},
): void {
  // A failure after a file began streaming can only cut the response short.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, error: ApiError): void {
  send(res, status, JSON.stringify({ ok: false, error }));
}

/** The path's text, or undefined where its percent-encoding is broken. */
function decodePath(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const log = options.log ?? ((line: string) => process.stderr.write(`strata bridge: ${line}\n`));
  const authorized = (given: string | undefined): boolean => sameToken(given, token);
  const events = openEventsSocket({ authorized, log });
  const emit = <E extends EventName>(event: E, payload: EventReply<E>): void =>
    events.broadcast(JSON.stringify({ event, payload }));
  const service: Service = createService({
    projectDir: options.projectDir,
    configDir: options.configDir,
    secrets: options.secrets,
    emit,
    onContractViolation: (violation) => log(violation.message),
    ...(options.welcome ? { welcome: options.welcome } : {}),
  });
  const dispatch: Dispatch = createDispatcher(service.handlers, {
    onInternalError: (method, error) =>
      log(`${method} failed: ${error instanceof Error ? error.message : String(error)}`),
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
  const pathOf = (req: IncomingMessage): string | undefined => {
    try {
      return new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      return undefined;
    }
  };

  const serveApi = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (!authorized(req.headers[TOKEN_HEADER] as string | undefined))
      return sendError(res, 401, { code: 'unauthorized', message: WRONG_TOKEN });
    if (req.method !== 'POST')
      return sendError(res, 405, {
        code: 'invalid-input',
        message: `${req.method ?? 'this method'} ${pathname}: POST only`,
      });
    const method = decodePath(pathname.slice('/api/'.length));
    if (method === undefined)
      return sendError(res, 400, {
        code: 'invalid-input',
        message: `method name in ${pathname.slice(0, 200)}: broken percent-encoding`,
      });
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body === '' ? {} : (JSON.parse(body) as unknown);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return sendError(res, 413, { code: 'invalid-input', message: `${method.slice(0, 100)}: ${error.message}` });
      return sendError(res, 400, {
        code: 'invalid-input',
        message:
          `${method.slice(0, 100)}: request body is not JSON: ` +
          `${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const { body, gzip } = jsonBody(await dispatch(method, input), req.headers['accept-encoding']);
    send(res, 200, body, 'application/json', gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {});
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '', 'text/plain');
    const relativePath = pathname === '/' ? 'index.html' : decodePath(pathname.slice(1));
    if (relativePath === undefined) return send(res, 400, '', 'text/plain');
    const path = normalize(join(staticRoot, relativePath));
    if (!path.startsWith(staticRoot + sep)) return send(res, 404, '', 'text/plain');
    if (!existsSync(path) || !statSync(path).isFile()) {
      if (relativePath === 'index.html')
        return send(res, 503, 'The renderer is not built: run `npm run build`.', 'text/plain; charset=utf-8');
      return send(res, 404, '', 'text/plain');
    }
    const headers: Record<string, string> = {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    };
    if (relativePath === 'index.html')
      Object.assign(headers, { 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' });
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(path)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const pathname = pathOf(req);
      if (pathname === undefined)
        return sendError(res, 400, { code: 'invalid-input', message: 'request target is not a valid URL' });
      if (!trustedPeer(req)) return sendError(res, 403, { code: 'unauthorized', message: 'foreign Host or Origin' });
      if (pathname === '/api' || pathname.startsWith('/api/')) return serveApi(req, res, pathname);
      serveStatic(req, res, pathname);
    })().catch((error: unknown) => {
      log(
        `${req.method ?? ''} ${(req.url ?? '').slice(0, 200)} failed: ` +
          `${error instanceof Error ? error.message : String(error)}`,
      );
      sendError(res, 500, { code: 'internal', message: error instanceof Error ? error.message : String(error) });
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error handler off an upgraded socket: a reset before ws adds its
    // own would otherwise be an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    if (pathOf(req) !== EVENTS_PATH) return refuseUpgrade(socket, 404, 'no such socket');
    if (!trustedPeer(req)) return refuseUpgrade(socket, 403, 'foreign Host or Origin');
    events.upgrade(req, socket, head);
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
    url: bridgeUrl(origin, token),
    origin,
    token,
    port,
    async close() {
      events.close();
      await service.dispose();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
