// Text edits in 1-based line/column coordinates (UTF-16 columns, Monaco's convention), end
// exclusive: how lint fixes are described, applied alike to a file on disk (the engine) and to
// a text being edited (the studio's review screen).

export interface TextEditLike {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Applies edits (non-overlapping) to a text, last first so earlier positions stay valid. */
export function applyEdits(text: string, edits: readonly TextEditLike[]): string {
  const withOffsets = edits.map((e, index) => ({
    e,
    index,
    start: offsetOf(text, e.startLine, e.startColumn),
    end: offsetOf(text, e.endLine, e.endColumn),
  }));
  // Two insertions at one point keep their listed order: the later one is applied first.
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index);
  let out = text;
  for (const { e, start, end } of withOffsets) out = out.slice(0, start) + e.text + out.slice(end);
  return out;
}
