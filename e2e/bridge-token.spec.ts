// The bridge's token stays with the tab it was printed for: never in a cookie (browsers
// send cookies to every port of 127.0.0.1), so another local server the browser talks to
// never sees it; and a tab opened without it explains where the right URL comes from.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './support/studio.ts';

/** The DOM the page-side functions below use (the e2e folder is type-checked without the DOM). */
interface PageGlobals {
  readonly Image: new () => { src: string; decode(): Promise<void> };
  readonly location: { assign(url: string): void };
}

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Another local web server, as a user's browser may talk to: records every request. */
async function otherLocalServer(): Promise<{ origin: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const pixel = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url?.endsWith('.png')) {
      res.writeHead(200, { 'content-type': 'image/png' }).end(pixel);
      return;
    }
    const page =
      `<!doctype html><title>other</title><img id="pic" src="/own-pixel.png"><script>fetch('/own-data', ` +
      `{ credentials: 'include' });</script>`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, seen, close: () => new Promise((done) => server.close(() => done())) };
}

async function studioLoaded(page: Page): Promise<void> {
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = resolve('test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `web-${name}.png`) });
}

/** A fresh tab in a fresh profile: no sessionStorage, no history with the studio. */
async function freshTab(
  browser: Browser,
): Promise<{ page: Page; errors: string[]; apiCalls: string[]; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const apiCalls: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(r.url());
  });
  return { page, errors, apiCalls, close: () => context.close() };
}

/** Opens `url` and expects the explanation of `problem` instead of the studio. */
async function accessHelp(page: Page, url: string, problem: 'no-token' | 'refused'): Promise<Locator> {
  await page.goto(url);
  const help = page.getByTestId('bridge-access-help');
  await expect(help).toBeVisible();
  await expect(help).toHaveAttribute('data-problem', problem);
  await expect(help).toContainText('strata serve');
  return help;
}

test('the token is in no cookie and never reaches another local server the browser talks to', async ({
  studio,
  browser,
}) => {
  test.skip(studio.bridge === undefined, 'the bridge exists only in the web project');
  const bridge = studio.bridge as NonNullable<typeof studio.bridge>;
  const other = await otherLocalServer();
  try {
    const { page } = studio;
    await studioLoaded(page);
    // The token left the address bar for this tab's storage, and no cookie exists at all.
    expect(page.url()).toBe(`${bridge.origin}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('strata-token'))).toBe(bridge.token);
    expect(await page.context().cookies()).toEqual([]);

    // The same browser opens another local site in a new tab: its page, image and fetch.
    const tab = await page.context().newPage();
    await tab.goto(`${other.origin}/other-site`);
    await expect
      .poll(() => other.seen.map((s) => s.url))
      .toEqual(expect.arrayContaining(['/other-site', '/own-pixel.png', '/own-data']));
    await tab.close();

    // The studio page itself talks to the other server (its CSP forbids that, so this tab
    // is opened with the CSP bypassed, as a browser extension or a looser build could): an
    // image, a fetch with credentials, and a navigation, which would carry a Referer.
    const loose = await browser.newContext({ bypassCSP: true });
    const studioTab = await loose.newPage();
    await studioTab.goto(bridge.url);
    await studioLoaded(studioTab);
    await studioTab.evaluate(async (origin) => {
      const img = new (globalThis as unknown as PageGlobals).Image();
      img.src = `${origin}/from-studio.png`;
      await img.decode();
      await fetch(`${origin}/from-studio-fetch`, { credentials: 'include', mode: 'no-cors' });
    }, other.origin);
    await studioTab.evaluate(
      (origin) => (globalThis as unknown as PageGlobals).location.assign(`${origin}/from-studio-navigation`),
      other.origin,
    );
    await studioTab.waitForURL(`${other.origin}/from-studio-navigation`);
    await loose.close();

    const urls = other.seen.map((s) => s.url);
    expect(urls).toEqual(expect.arrayContaining(['/from-studio.png', '/from-studio-fetch', '/from-studio-navigation']));
    for (const request of other.seen) {
      expect(request.headers.cookie, `a cookie was sent with ${request.url}`).toBeUndefined();
      expect(JSON.stringify(request), `the token reached the other server with ${request.url}`).not.toContain(
        bridge.token,
      );
    }
  } finally {
    await other.close();
  }
});

test('a tab opened without the token says where the right URL comes from', async ({ studio, browser }) => {
  test.skip(studio.bridge === undefined, 'the bridge exists only in the web project');
  const bridge = studio.bridge as NonNullable<typeof studio.bridge>;
  const tab = await freshTab(browser);
  try {
    const help = await accessHelp(tab.page, `${bridge.origin}/`, 'no-token');
    await expect(help).toContainText('npm start');
    await expect(help).toContainText(`http://${new URL(bridge.origin).host}/#token=`);
    await screenshot(tab.page, 'bridge-no-token');
    // Without a token the page asks the bridge nothing, and nothing fails in its console.
    expect(tab.apiCalls).toEqual([]);
    expect(tab.errors).toEqual([]);
  } finally {
    await tab.close();
  }
});

test('a tab with a token the bridge refuses says so, and the printed URL still opens the studio', async ({
  studio,
  browser,
}) => {
  test.skip(studio.bridge === undefined, 'the bridge exists only in the web project');
  const bridge = studio.bridge as NonNullable<typeof studio.bridge>;
  const tab = await freshTab(browser);
  try {
    await accessHelp(tab.page, `${bridge.origin}/#token=${'0'.repeat(48)}`, 'refused');
    await screenshot(tab.page, 'bridge-wrong-token');
    // The refused token is out of the address bar and forgotten.
    expect(tab.page.url()).toBe(`${bridge.origin}/`);
    expect(await tab.page.evaluate(() => sessionStorage.getItem('strata-token'))).toBeNull();
    // Only refusals in the console (the first call's 401, the event socket's handshake).
    expect(tab.errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    // The printed URL, pasted into the same tab (a change of fragment only, which browsers
    // do not reload for), opens the studio.
    await tab.page.goto(bridge.url);
    await studioLoaded(tab.page);
    expect(tab.page.url()).toBe(`${bridge.origin}/`);
  } finally {
    await tab.close();
  }
});
