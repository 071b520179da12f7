// Fixes as text edits. Positions come from tokens as PostgreSQL's scanner draws them
// (sql/lexer.ts, held equal to it by test), never from pattern matching on SQL: "after the INDEX
// keyword", "after the last token", "after the semicolon". Edits are in file coordinates
// (1-based line/column, end exclusive), so the same edit applies to the file on disk, to
// Monaco, and to `applyFix` below.
import { parseRevisionFile, renderRevisionFile } from '../project/revision-file.ts';
import { LexError, lexTokens, type Token } from '../sql/lexer.ts';
import { position, type Section, type SourceStatement } from '../sql/source.ts';
import { applyEdits, offsetOf } from '../../../shared/model/text-edits.ts';
import type { Fix, TextEdit } from './types.ts';

export class StatementFixes {
  private lexed: Token[] | undefined;

  constructor(
    private readonly section: Section,
    private readonly statement: SourceStatement,
    /** Where a section-wide prelude goes: before the first statement and its comments. */
    private readonly preludeOffset: number,
  ) {}

  /** The statement's tokens (comments left out), drawn when a fix first asks. */
  tokens(): Token[] {
    if (this.lexed === undefined) {
      try {
        this.lexed = lexTokens(this.statement.sql);
      } catch (error) {
        // Only a text the parser refused fails here, and such a statement gets no fix.
        if (!(error instanceof LexError)) throw error;
        this.lexed = [];
      }
    }
    return this.lexed;
  }

  private insertAt(offset: number, text: string): TextEdit {
    const p = position(this.section, offset, this.statement);
    return { startLine: p.line, startColumn: p.column, endLine: p.line, endColumn: p.column, text };
  }

  /** Inserts ` text` after the first token matching the keyword sequence, e.g. ['INDEX']. */
  afterKeywords(keywords: readonly [string, ...string[]], text: string, from = 0): TextEdit | undefined {
    const tokens = this.tokens();
    for (let i = from; i + keywords.length <= tokens.length; i++) {
      if (keywords.every((k, j) => tokens[i + j]?.upper === k)) {
        const last = tokens[i + keywords.length - 1] as Token;
        return this.insertAt(this.statement.start + last.end, ` ${text}`);
      }
    }
    return undefined;
  }

  /** Index of the first token with this text, or -1. */
  indexOf(keyword: string): number {
    return this.tokens().findIndex((t) => t.upper === keyword);
  }

  /** Inserts ` text` before the token at `index` (e.g. a name before CHECK). */
  beforeToken(index: number, text: string): TextEdit | undefined {
    const token = index >= 0 ? this.tokens()[index] : undefined;
    return token ? this.insertAt(this.statement.start + token.start, `${text} `) : undefined;
  }

  /** Appends ` text` after the statement's last token (before a trailing comment or the `;`). */
  append(text: string): TextEdit | undefined {
    const tokens = this.tokens();
    const last = tokens[tokens.length - 1];
    return last ? this.insertAt(this.statement.start + last.end, ` ${text}`) : undefined;
  }

  /** A new statement on the line after this one (the `;` is added when the statement lacks one). */
  followWith(sql: string): TextEdit {
    if (this.statement.semicolon !== undefined) return this.insertAt(this.statement.semicolon + 1, `\n${sql};`);
    return this.insertAt(this.statement.end, `;\n${sql}`);
  }

  /** Replaces the whole statement (up to, not including, its `;`). */
  replace(sql: string): TextEdit {
    const a = position(this.section, this.statement.start, this.statement);
    const b = position(this.section, this.statement.end, this.statement);
    return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column, text: sql };
  }

  /** A statement placed before everything else in the section. */
  prelude(sql: string): TextEdit {
    return this.insertAt(this.preludeOffset, `${sql}\n`);
  }
}

export const BARE_TRANSACTIONAL_FALSE = '-- strata:transactional false';

/**
 * Applies one fix to a whole file. A revision's header change goes through the revision
 * file writer (the rest of the file keeps its bytes); a file of bare statements gets the
 * same marker as a first comment line, which lint reads the same way.
 */
export function applyFix(fileText: string, fix: Fix, file = 'revision.sql'): string {
  const edited = applyEdits(fileText, fix.edits);
  if (fix.header?.transactional !== false) return edited;
  const parsed = parseRevisionFile(edited, file);
  if (parsed.ok) return renderRevisionFile({ ...parsed.file.data, transactional: false }, parsed.file.layout);
  return edited.includes(BARE_TRANSACTIONAL_FALSE) ? edited : `${BARE_TRANSACTIONAL_FALSE}\n${edited}`;
}

/** Applies several fixes, skipping any whose edits overlap an earlier one's. */
export function applyFixes(fileText: string, fixes: readonly Fix[], file = 'revision.sql'): string {
  const taken: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  let nonTransactional = false;
  const seen = new Set<string>();
  for (const fix of fixes) {
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue; // the same fix offered by several findings (lock_timeout)
    seen.add(key);
    const spans = fix.edits.map((e) => ({
      start: offsetOf(fileText, e.startLine, e.startColumn),
      end: offsetOf(fileText, e.endLine, e.endColumn),
    }));
    const clash = spans.some((s) => taken.some((t) => s.start < t.end && t.start < s.end));
    if (clash) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
    if (fix.header?.transactional === false) nonTransactional = true;
  }
  return applyFix(
    fileText,
    { description: 'all fixes', edits, ...(nonTransactional ? { header: { transactional: false as const } } : {}) },
    file,
  );
}
