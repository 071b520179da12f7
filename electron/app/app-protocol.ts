// strata://app/ — the renderer's origin, served from dist/renderer and nowhere else.
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_CONTENT_SECURITY_POLICY, APP_SCHEME, mimeType, resolveAppFile } from './app-url.ts';

/**
 * Before `ready`, once. standard: relative URLs, localStorage and a real origin; secure: a
 * secure context (like https); corsEnabled + supportFetchAPI: module scripts and module
 * workers load (they are fetched in CORS mode); codeCache: V8 caches our bundles.
 * Not bypassCSP: our own CSP applies to our own pages.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/** Serves GET/HEAD for files under `root`; every response carries the CSP. */
export function serveAppProtocol(session: Session, root: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const file = resolveAppFile(root, request.url);
    if (file === undefined) return text(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (file.endsWith('index.html')) return text(503, 'The renderer is not built: run `npm run build`.');
      return text(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': mimeType(file),
        'content-security-policy': APP_CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  });
}
