// Text for people (aligned, coloured on a terminal) and JSON for machines.
import type { Writable } from 'node:stream';

export interface Output {
  readonly json: boolean;
  readonly color: boolean;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that goes away (`strata upgrade head | head -3`) makes the next write fail with
 * EPIPE, which Node raises as an unhandled 'error' event: a stack trace, exit code 1, and a
 * migration stopped between two revisions. What would have been printed is dropped instead
 * and the command carries on to its own exit code. Any other stream error still throws.
 */
function dropOutputWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function createOutput(json: boolean, noColor: boolean): Output {
  dropOutputWhenReaderLeaves(process.stdout);
  dropOutputWhenReaderLeaves(process.stderr);
  const color =
    !noColor &&
    !json &&
    process.stdout.isTTY === true &&
    process.env.NO_COLOR === undefined &&
    process.env.TERM !== 'dumb';
  return { json, color, stdout: process.stdout, stderr: process.stderr };
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Color = keyof typeof CODES;

export function paint(out: Output, color: Color, text: string): string {
  return out.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}

export function line(out: Output, text = ''): void {
  out.stdout.write(text + '\n');
}

export function note(out: Output, text: string): void {
  out.stderr.write(text + '\n');
}

export function printJson(out: Output, value: unknown): void {
  out.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const ANSI = /\u001b\[[0-9;]*m/g;

/** Rows of cells, each column padded to its widest cell (colour codes not counted). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.replace(ANSI, '').length)));
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - cell.replace(ANSI, '').length),
      )
      .join('  ')
      .trimEnd(),
  );
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
