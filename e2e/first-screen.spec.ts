// The first screen, kept light (DESIGN.md's launch and first-paint budgets): the frame that
// first shows graph rows forces no layout of its own, and the screens it does not show (merge,
// autogenerate review) are chunks of their own that load when opened, before any prefetch.
import type { Page } from '@playwright/test';
import { expect, test } from './support/studio.ts';

/** The requests the page makes to `path` from now on. */
function requestsTo(page: Page, path: string): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === path) seen.push(r.url());
  });
  return seen;
}

/** Requests matching `url` wait until the returned function is called. */
async function holdRequests(page: Page, url: string | RegExp): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** The page's timers move only when runFor says so. */
async function pauseClock(page: Page): Promise<void> {
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
}

/** Reloads with the page's clock paused; the requests to `path` made once the new page has loaded. */
async function reloadPausedWatching(page: Page, path: string): Promise<string[]> {
  const seen = requestsTo(page, path);
  await pauseClock(page);
  await page.reload();
  seen.length = 0;
  return seen;
}

/** Reloads and waits until the studio's chunk (app/mount.tsx) has been fetched and had time to run. */
async function reloadPastStudioChunk(page: Page): Promise<void> {
  const studioChunk = page.waitForResponse((r) => /\/assets\/mount-[^/]*\.js$/.test(new URL(r.url()).pathname));
  await page.reload({ waitUntil: 'commit' });
  await studioChunk;
  await page.waitForTimeout(500);
}

test('nothing reads the graph list’s size before the first frame that shows its rows', async ({ studio }) => {
  const { page } = studio;
  // Size reads on the list or inside it, up to the end of the frame that first shows its rows
  // (counting from the list's first render, since a read in the commit that adds the rows comes
  // before any observer hears of them): each one is a layout forced inside React's commit,
  // before the frame's own. Only the page's
  // own scripts count: Playwright's trace snapshots walk the DOM in the page too, reading each
  // element's scroll offsets, whenever a slow machine lets one fall inside that frame.
  // (A string: this runs in the page, and e2e/ is typed without the DOM.)
  await page.addInitScript(`(() => {
    const reads = [];
    const state = { framed: false, rows: false };
    globalThis.__sizeReads = { reads, state };
    const byPage = () => (new Error().stack ?? '').includes(location.origin + '/');
    const watch = (name) => {
      for (const proto of [Element.prototype, HTMLElement.prototype]) {
        const d = Object.getOwnPropertyDescriptor(proto, name);
        if (!d) continue;
        const wrap = (fn) =>
          function (...args) {
            if (!state.framed && this.closest('.graph-scroll') && byPage()) reads.push(name);
            return fn.apply(this, args);
          };
        if (d.get) Object.defineProperty(proto, name, { ...d, get: wrap(d.get) });
        else if (typeof d.value === 'function') Object.defineProperty(proto, name, { ...d, value: wrap(d.value) });
      }
    };
    ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth', 'scrollTop', 'scrollHeight'].forEach(watch);
    ['getBoundingClientRect', 'getClientRects'].forEach(watch);
    const observer = new MutationObserver(() => {
      if (state.rows || !document.querySelector('[data-testid="graph-row"]')) return;
      state.rows = true;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (state.framed = true), 0));
    });
    observer.observe(document, { childList: true, subtree: true });
  })()`);
  await page.reload();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  const probe = () =>
    page.evaluate(
      () => (globalThis as unknown as { __sizeReads: { reads: string[]; state: { framed: boolean } } }).__sizeReads,
    );
  await expect.poll(async () => (await probe()).state.framed).toBe(true);
  expect((await probe()).reads).toEqual([]);
  // The rows shown fill the list all the same.
  const rows = await page.getByTestId('graph-row').count();
  expect(rows).toBeGreaterThan(10);
});

test('the merge and review screens load when opened, not with the first screen', async ({ studio }) => {
  const { page } = studio;
  const chunks: string[] = [];
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (/^(MergeScreen|ReviewScreen)-.*\.js$/.test(file)) chunks.push(file.replace(/-.*/, ''));
  });
  // The page's timers wait (no prefetch) until the first screen is checked.
  await pauseClock(page);
  await page.reload();
  chunks.length = 0;
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await expect(page.getByTestId('heads-banner')).toBeVisible();
  await page.waitForTimeout(300);
  expect(chunks).toEqual([]);
  await page.clock.resume();

  await page.getByTestId('autogenerate').click();
  await expect(page.getByTestId('review-screen')).toBeVisible();
  expect(chunks).toContain('ReviewScreen');
  await studio.shot('first-screen-review-opened');
  await page.getByTestId('review-close').click();
  await expect(page.getByTestId('review-screen')).toHaveCount(0);

  await page.getByTestId('heads-merge').click();
  await expect(page.getByTestId('merge-screen')).toBeVisible();
  await expect(page.getByTestId('merge-summary')).toContainText('2 heads');
  expect(chunks).toContain('MergeScreen');
  await studio.shot('first-screen-merge-opened');
});

test('the project is linted once the first screen has settled, not while it paints', async ({ studio }) => {
  const { page } = studio;
  const linted = await reloadPausedWatching(page, '/api/lint.project');
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  // The moments after the rows appear (the first click lands in them): the lint worker waits.
  await page.clock.runFor(500);
  await page.waitForTimeout(300);
  expect(linted).toEqual([]);
  await page.clock.runFor(3000);
  await expect.poll(() => linted.length, { timeout: 10_000 }).toBe(1);
});

test('no database is asked for its status until the first screen has been shown a while', async ({ studio }) => {
  const { page } = studio;
  const asked = await reloadPausedWatching(page, '/api/database.status');
  // The first status starts the service's database worker: not while the rows paint and the
  // first click lands. The sidebar says the status is still coming.
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  await expect(page.getByTestId('connection-item').first()).toHaveAttribute('data-status', 'loading');
  await page.clock.runFor(200);
  await page.waitForTimeout(300);
  expect(asked).toEqual([]);
  await page.clock.runFor(3000);
  await expect.poll(() => asked.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('connection-item').first()).toHaveAttribute('data-status', 'reachable');
});

test('the studio’s first frame shows the graph when the project answers in time', async ({ studio }) => {
  const { page } = studio;
  // Whether the studio, when it first appears, already has its rows (one commit, one layout).
  await page.addInitScript(`(() => {
    const seen = { studio: false, rows: false };
    globalThis.__firstStudio = seen;
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="studio"]')) return;
      seen.studio = true;
      seen.rows = document.querySelector('[data-testid="graph-row"]') !== null;
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  })()`);
  // The graph's answer held until the studio's chunk has run; the page's timers do not move.
  const release = await holdRequests(page, '**/api/project.graph');
  await pauseClock(page);
  await reloadPastStudioChunk(page);
  release();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
  const first = () => page.evaluate(() => (globalThis as unknown as { __firstStudio: unknown }).__firstStudio);
  expect(await first()).toEqual({ studio: true, rows: true });
});

test('a project slow to answer shows the studio, loading, meanwhile', async ({ studio }) => {
  const { page } = studio;
  const release = await holdRequests(page, '**/api/project.graph');
  await pauseClock(page);
  await reloadPastStudioChunk(page);
  await expect(page.getByTestId('studio')).toHaveCount(0);
  await page.clock.runFor(1000);
  await expect(page.getByTestId('studio')).toBeVisible();
  await expect(page.getByTestId('graph')).toContainText('Loading the project');
  release();
  await expect(page.getByTestId('graph-row').first()).toBeVisible();
});

test('a shortcut pressed while the studio is still loading is not lost', async ({ studio }) => {
  const { page } = studio;
  // The studio's chunk held back: the entry has run, nothing of React listens yet.
  const release = await holdRequests(page, /\/assets\/mount-[^/]*\.js$/);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await expect(page.getByTestId('graph-row')).toHaveCount(0);
  await page.keyboard.press('Control+k');
  release();
  await expect(page.getByTestId('palette-input')).toBeVisible();
  await expect(page.getByTestId('palette-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('palette-input')).toHaveCount(0);
});
