// Injected into the studio page before its own scripts (Playwright addInitScript) by the
// studio benchmarks. Plain JavaScript because it runs in the page, not in Node; the Node side
// reads what it records through window.__strataBench. Times are performance.now() in the
// page, i.e. milliseconds since the navigation started.
(() => {
  const bench = { rowsAt: null, frameAt: null, paintedAt: null, lcp: [], longTasks: [] };
  window.__strataBench = bench;

  // First graph rows in the DOM, then the frame that shows them: a rAF callback runs at the
  // start of that frame (before its style, layout and paint) and a message posted from it runs
  // as the next task, after the frame's rendering steps.
  const observer = new MutationObserver(() => {
    if (bench.rowsAt !== null || !document.querySelector('[data-testid="graph-row"]')) return;
    bench.rowsAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      bench.frameAt = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        bench.paintedAt = performance.now();
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });

  // A click on a row: when the input arrived (the event's timeStamp), when the row became
  // aria-selected, and the end of the frame that shows it.
  bench.click = null;
  document.addEventListener(
    'pointerdown',
    (event) => {
      const click = {
        inputAt: event.timeStamp,
        handledAt: performance.now(),
        selectedAt: null,
        selectedPaintedAt: null,
      };
      bench.click = click;
      const selection = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="graph-row"][aria-selected="true"]')) return;
        selection.disconnect();
        click.selectedAt = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            click.selectedPaintedAt = performance.now();
          };
          channel.port2.postMessage(null);
        });
      });
      selection.observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-selected'] });
    },
    { capture: true },
  );

  const observe = (type, onEntry) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
    } catch {
      // not supported by this browser
    }
  };
  observe('largest-contentful-paint', (e) => {
    const el = e.element;
    bench.lcp.push({
      at: e.startTime,
      size: e.size,
      element: el ? el.getAttribute('data-testid') || el.className || el.tagName : null,
    });
  });
  observe('longtask', (e) => bench.longTasks.push({ at: e.startTime, duration: e.duration }));

  bench.report = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      rowsAt: bench.rowsAt,
      frameAt: bench.frameAt,
      paintedAt: bench.paintedAt,
      lcp: bench.lcp,
      paints: performance.getEntriesByType('paint').map((p) => ({ name: p.name, at: p.startTime })),
      nav: nav
        ? { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd }
        : null,
      resources: performance.getEntriesByType('resource').map((r) => ({
        path: new URL(r.name).pathname,
        start: r.startTime,
        end: r.responseEnd,
        bytes: r.encodedBodySize,
      })),
      rowCount: document.querySelectorAll('[data-testid="graph-row"]').length,
      click: bench.click,
      longTasks: bench.longTasks,
    };
  };

  /**
   * Records frame intervals (rAF timestamps) for `durationMs`. With `pxPerSecond`, moves the
   * graph's scroll container by time (not by frame), bouncing at the ends, setting scrollTop
   * at the start of each frame; without it, only records (an idle baseline, or while the Node
   * side scrolls with the mouse wheel). Each frame also checks, without forcing a layout,
   * whether the rows in the DOM cover the viewport at the scroll position of the frame before.
   */
  bench.frames = (opts) =>
    new Promise((resolve, reject) => {
      const el = document.querySelector('[data-testid="graph"] .graph-scroll');
      if (!el) return reject(new Error('no .graph-scroll inside [data-testid="graph"]'));
      const spacer = el.firstElementChild;
      const firstRow = el.querySelector('[data-testid="graph-row"]');
      const rowHeight = firstRow ? firstRow.offsetHeight : 26;
      const viewport = el.clientHeight;
      const max = el.scrollHeight - viewport;
      const startTop = el.scrollTop;
      const intervals = [];
      let uncovered = 0;
      let checked = 0;
      let prev = null;
      let start = null;
      let lastTop = startTop;
      const longBefore = bench.longTasks.length;
      const step = (t) => {
        if (start === null) start = t;
        if (prev !== null) intervals.push(t - prev);
        prev = t;
        const rows = spacer ? spacer.children : [];
        if (opts.pxPerSecond && rows.length > 0) {
          const first = Number(rows[0].getAttribute('data-index'));
          const last = Number(rows[rows.length - 1].getAttribute('data-index'));
          const need0 = Math.floor(lastTop / rowHeight);
          const need1 = Math.min(
            Math.ceil((lastTop + viewport) / rowHeight) - 1,
            Math.floor((max + viewport) / rowHeight) - 1,
          );
          checked++;
          if (first > need0 || last < need1) uncovered++;
        }
        const elapsed = t - start;
        if (elapsed >= opts.durationMs) {
          resolve({
            intervals,
            frames: intervals.length,
            elapsed,
            uncovered,
            checked,
            rowHeight,
            viewport,
            scrollHeight: max + viewport,
            startTop,
            endTop: el.scrollTop,
            longTasks: bench.longTasks.slice(longBefore),
          });
          return;
        }
        if (opts.pxPerSecond) {
          const distance = (opts.pxPerSecond * elapsed) / 1000;
          const period = 2 * max;
          const phase = (startTop + distance) % period;
          lastTop = Math.round(phase <= max ? phase : period - phase);
          el.scrollTop = lastTop;
        }
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
})();
