// A status line on stderr for runs longer than a second: which step, which statement, how
// long. Only on a terminal; piped output gets the per-step lines alone.
import { performance } from 'node:perf_hooks';
import { formatMs, paint, type Output } from './output.ts';

export interface Progress {
  total(n: number): void;
  step(index: number, label: string): void;
  detail(text: string): void;
  clear(): void;
  stop(): void;
}

export function startProgress(out: Output): Progress {
  const tty = out.stderr.isTTY === true && !out.json;
  const started = performance.now();
  let total = 0;
  let index = 0;
  let label = '';
  let detail = '';
  let shown = false;
  let stepStarted = started;
  const render = (): void => {
    if (!tty || performance.now() - started < 1000) return;
    const width = 20;
    const done = total === 0 ? 0 : Math.floor((index / total) * width);
    const bar = '█'.repeat(done) + '░'.repeat(width - done);
    const text =
      `${bar} ${index + 1}/${total} ${label} ` +
      `${paint(out, 'gray', `${formatMs(performance.now() - stepStarted)} ${detail}`)}`;
    const columns = (out.stderr as { columns?: number }).columns ?? 100;
    out.stderr.write(`\r\u001b[2K${text.slice(0, columns + 20)}`);
    shown = true;
  };
  const timer = tty ? setInterval(render, 200) : undefined;
  timer?.unref();
  return {
    total: (n) => {
      total = n;
    },
    step: (i, l) => {
      index = i;
      label = l;
      detail = '';
      stepStarted = performance.now();
    },
    detail: (d) => {
      detail = d;
    },
    clear: () => {
      if (shown) out.stderr.write('\r\u001b[2K');
      shown = false;
    },
    stop: () => {
      if (timer) clearInterval(timer);
      if (shown) out.stderr.write('\r\u001b[2K');
    },
  };
}
