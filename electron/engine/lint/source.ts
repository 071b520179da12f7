// Where each statement sits in its file. The runner's own splitter decides what a statement
// is (so lint sees exactly what `strata upgrade` will send); this file adds offsets, so that
// fixes can be expressed as line/column edits, and reads the comment lines above a
// statement for `-- strata:ignore` directives.
import { splitStatements } from '../runner/statements.ts';

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
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else break;
  }
  return i;
}

export function sectionStatements(section: Section): SourceStatement[] {
  const lines = section.text.split('\n');
  const out: SourceStatement[] = [];
  let cursor = 0;
  for (const s of splitStatements(section.text, section.firstLine)) {
    let start = skipTrivia(section.text, cursor);
    while (section.text[start] === ';') start = skipTrivia(section.text, start + 1);
    if (!section.text.startsWith(s.sql, start)) {
      // The splitter and this scan disagree only in exotic input; fall back to a search
      // from the statement's own line.
      const lineStart = offsetOfLine(section.text, s.line - section.firstLine);
      const found = section.text.indexOf(s.sql, Math.max(cursor, lineStart));
      start = found < 0 ? start : found;
    }
    const end = start + s.sql.length;
    const after = skipTrivia(section.text, end);
    const semicolon = section.text[after] === ';' ? after : undefined;
    cursor = semicolon !== undefined ? semicolon + 1 : end;
    const line = section.firstLine + countNewlines(section.text, 0, start);
    out.push({ sql: s.sql, line, start, end, semicolon, leadingComments: commentsAbove(lines, line - section.firstLine, section.firstLine) });
  }
  return out;
}

function commentsAbove(lines: readonly string[], index: number, firstLine: number): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const text = (lines[i] ?? '').trim();
    if (!text.startsWith('--')) break;
    out.unshift({ line: firstLine + i, text });
  }
  return out;
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

/** A section offset as a 1-based file line and column (UTF-16 units, as Monaco counts). */
export function position(section: Section, offset: number): { line: number; column: number } {
  const before = section.text.slice(0, offset);
  const lastNl = before.lastIndexOf('\n');
  return { line: section.firstLine + countNewlines(section.text, 0, offset), column: offset - lastNl };
}
