// Work that must not compete with the first screen: it waits `afterMs`, then for the browser
// to be idle (at most 2 s more), so it lands neither on the first paint nor on the first click.

/** Schedules `task`; the returned function cancels it if it has not run. */
export function afterIdle(afterMs: number, task: () => void): () => void {
  let idle: number | undefined;
  const timer = window.setTimeout(() => {
    idle = requestIdleCallback(() => task(), { timeout: 2000 });
  }, afterMs);
  return () => {
    window.clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}
