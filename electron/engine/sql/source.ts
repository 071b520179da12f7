// Where each statement sits in its file. The splitter the runner uses (statements.ts) decides
// what a statement is (so lint sees exactly what `strata upgrade` will send); this file adds offsets, so that
// fixes can be expressed as line/column edits, and reads the comment lines above a
// statement for `-- strata:ignore` directives.
import { statementSpans } from './statements.ts';

export interface SourceStatement {
  readonly sql: string;
  /** 1-based file line of the statement's first character. */
  readonly line: number;
  /** Offsets into the section text. */
  readonly start: number;
  readonly end: number;
  /** Offset of the terminating semicolon, if there is one. */
  readonly semicolon: number | undefined;
  /** The comment lines directly above the statement (no blank line in between). */
  readonly leadingComments: readonly { readonly line: number; readonly text: string }[];
}

export interface Section {
  readonly text: string;
  /** File line of the section's first line. */
  readonly firstLine: number;
}

/** Skips blanks and comments from `i`; returns the offset of the next significant character. */
export function skipTrivia(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = blockCommentEnd(text, i);
      i = end < 0 ? n : end;
    } else break;
  }
  return i;
}

/** The offset after the block comment (nested, as PostgreSQL's) that opens at `i`; -1 if it never closes. */
export function blockCommentEnd(text: string, i: number): number {
  let depth = 1;
  let j = i + 2;
  while (depth > 0) {
    if (j >= text.length) return -1;
    const c = text.charCodeAt(j);
    if (c === 47 && text.charCodeAt(j + 1) === 42) {
      depth++;
      j += 2;
    } else if (c === 42 && text.charCodeAt(j + 1) === 47) {
      depth--;
      j += 2;
    } else j++;
  }
  return j;
}

export function sectionStatements(section: Section): SourceStatement[] {
  const text = section.text;
  const out: SourceStatement[] = [];
  let cursor = 0;
  // Lines are counted from the previous statement's start, not from the top each time.
  let counted = 0;
  let line = section.firstLine;
  for (const s of statementSpans(text, section.firstLine)) {
    let start = skipTrivia(text, cursor);
    while (text[start] === ';') start = skipTrivia(text, start + 1);
    if (start !== s.start && !text.startsWith(s.sql, start)) {
      // The splitter and this scan disagree only in exotic input; fall back to a search
      // from the statement's own line.
      const lineStart = offsetOfLine(text, s.line - section.firstLine);
      const found = text.indexOf(s.sql, Math.max(cursor, lineStart));
      start = found < 0 ? start : found;
    }
    const end = start + s.sql.length;
    const after = skipTrivia(text, end);
    const semicolon = text[after] === ';' ? after : undefined;
    cursor = semicolon !== undefined ? semicolon + 1 : end;
    line += countNewlines(text, counted, start);
    counted = start;
    out.push({ sql: s.sql, line, start, end, semicolon, leadingComments: commentsAbove(text, start, line) });
  }
  return out;
}

const NO_COMMENTS: readonly { line: number; text: string }[] = Object.freeze([]);

/** The `--` lines directly above the line holding `offset` (which is file line `line`). */
function commentsAbove(text: string, offset: number, line: number): readonly { line: number; text: string }[] {
  let out: { line: number; text: string }[] | undefined;
  let lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  for (let l = line - 1; lineStart > 0; l--) {
    const prevEnd = lineStart - 1; // the newline that ends the line above
    const prevStart = prevEnd === 0 ? 0 : text.lastIndexOf('\n', prevEnd - 1) + 1;
    const comment = text.slice(prevStart, prevEnd).trim();
    if (!comment.startsWith('--')) break;
    (out ??= []).push({ line: l, text: comment });
    lineStart = prevStart;
  }
  return out ? out.reverse() : NO_COMMENTS;
}

function offsetOfLine(text: string, lineIndex: number): number {
  let offset = 0;
  for (let i = 0; i < lineIndex; i++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * A section offset as a 1-based file line and column (UTF-16 units, as Monaco counts). Lines
 * are counted from `anchor` (a statement's start and line) when the offset is not before it.
 */
export function position(
  section: Section,
  offset: number,
  anchor?: { readonly start: number; readonly line: number },
): { line: number; column: number } {
  const lastNl = offset === 0 ? -1 : section.text.lastIndexOf('\n', offset - 1);
  const line =
    anchor && offset >= anchor.start
      ? anchor.line + countNewlines(section.text, anchor.start, offset)
      : section.firstLine + countNewlines(section.text, 0, offset);
  return { line, column: offset - lastNl };
}
