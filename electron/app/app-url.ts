// The studio's own origin, strata://app/, and the pure rules around it: which URLs are ours,
// which file a request may read, what an external link may be. No Electron import here, so
// the rules are unit-tested under plain Node.
//
// Why a custom protocol and not file://: every file:// page shares one opaque origin with
// the whole disk, so 'self' in a CSP means "any local file", a sender check cannot tell our
// page from any other local HTML, and Chromium refuses the module scripts and module workers
// that vite emits (`<script type="module" crossorigin>`) over file://. A privileged standard
// scheme gives the renderer a real origin that only our handler serves, from one folder.
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'strata';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The bridge's policy (electron/bridge/server.ts) less its WebSocket sources: over IPC the
 * renderer connects to nothing. Kept as its own constant (the app does not import another
 * door); app-url.test.ts checks the two stay in step.
 */
export const APP_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Module scripts and workers are refused without a JavaScript MIME type, so never guess. */
export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** strata://app/… and nothing else: no other host, no credentials, no port. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== undefined && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === ''
  );
}

/**
 * The file under `root` that an app URL names, or undefined when the URL is not ours or
 * would leave `root` (`..`, encoded `%2e%2e`, NUL). `/` is index.html.
 */
export function resolveAppFile(root: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  const u = parse(url) as URL;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const base = resolve(root);
  const file = resolve(base, path === '/' || path === '' ? 'index.html' : `.${path}`);
  return file.startsWith(base + sep) ? file : undefined;
}

/** Links leave the app only for https, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  return u !== undefined && u.protocol === 'https:' && u.username === '' && u.password === '';
}

/**
 * Why an IPC message must be refused, or undefined when it comes from our page: the top
 * frame (no iframe may talk to the main process) of one of our windows, showing our origin.
 */
export function senderRefusal(sender: {
  readonly ourWindow: boolean;
  readonly frameUrl: string | undefined;
  readonly topFrame: boolean;
}): string | undefined {
  if (!sender.ourWindow) return 'the message does not come from a Strata window';
  if (sender.frameUrl === undefined) return 'the sending frame is gone';
  if (!sender.topFrame) return 'only the top frame may call Strata';
  if (!isAppUrl(sender.frameUrl)) return `the sending page (${originOf(sender.frameUrl)}) is not the Strata app`;
  return undefined;
}

/** Scheme and host only: a refused URL may carry a token in its path or query. */
function originOf(url: string): string {
  const u = parse(url);
  return u ? `${u.protocol}//${u.host}` : 'unparsable URL';
}
