// Splits a revision's SQL into statements, each with the line it starts on, so that a
// failure can name the line in the file. Understands what can hide a semicolon: strings,
// quoted identifiers, comments, PostgreSQL dollar quotes, and trigger / BEGIN ATOMIC bodies.
// One pass over character codes, with no regular expressions and no string per word: lint
// runs this over every file it checks, so its cost is paid per statement.

export interface Statement {
  readonly sql: string;
  /** 1-based line in the file where the statement starts. */
  readonly line: number;
}

/** A statement and the offset of its first character in the text it was split from. */
export interface StatementSpan extends Statement {
  readonly start: number;
}

const NL = 10;
const SPACE = 32;
const TAB = 9;
const CR = 13;
const DASH = 45;
const SLASH = 47;
const STAR = 42;
const SINGLE = 39;
const DOUBLE = 34;
const BACKTICK = 96;
const BACKSLASH = 92;
const BRACKET = 91;
const DOLLAR = 36;
const SEMICOLON = 59;

/** [A-Za-z_]: what a word starts with. */
function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** [A-Za-z0-9_]: a character that makes a neighbouring quote or `$` part of a word. */
function isIdentChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/** The words that open or close a body in which semicolons do not end the statement. */
const enum Word {
  Other,
  Begin,
  Atomic,
  Case,
  End,
  Create,
  Trigger,
}

/** Whether sql[at, at + word.length) is `word` (lower case) in any letter case. */
function wordIs(sql: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((sql.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

function classify(sql: string, at: number, length: number): Word {
  switch (length) {
    case 3:
      return wordIs(sql, at, 'end') ? Word.End : Word.Other;
    case 4:
      return wordIs(sql, at, 'case') ? Word.Case : Word.Other;
    case 5:
      return wordIs(sql, at, 'begin') ? Word.Begin : Word.Other;
    case 6:
      return wordIs(sql, at, 'atomic') ? Word.Atomic : wordIs(sql, at, 'create') ? Word.Create : Word.Other;
    case 7:
      return wordIs(sql, at, 'trigger') ? Word.Trigger : Word.Other;
    default:
      return Word.Other;
  }
}

/** Length of the dollar-quote tag (`$$`, `$body$`) at `i`, or 0; a tag is at most 64 characters. */
function dollarTagLength(sql: string, i: number): number {
  let j = i + 1;
  if (isWordStart(sql.charCodeAt(j))) {
    j++;
    while (isIdentChar(sql.charCodeAt(j))) j++;
  }
  return sql.charCodeAt(j) === DOLLAR && j < i + 64 ? j + 1 - i : 0;
}

/**
 * Trigger (CREATE [TEMP|OR REPLACE] TRIGGER ... BEGIN ... END) and BEGIN ATOMIC bodies, where
 * semicolons do not end the statement; CASE ... END nests inside them. Only the statement's
 * first 64 words are remembered, which is all the head of a trigger needs.
 */
class BodyDepth {
  depth = 0;
  private count = 0;
  private createFirst = false;
  private triggerInHead = false;
  private lastIsBegin = false;
  private word62IsBegin = false;

  reset(): void {
    this.depth = 0;
    this.count = 0;
    this.createFirst = false;
    this.triggerInHead = false;
    this.lastIsBegin = false;
    this.word62IsBegin = false;
  }

  word(w: Word): void {
    // The word before this one among the remembered ones (the 63rd once 64 are remembered).
    let previousIsBegin: boolean;
    if (this.count < 64) {
      previousIsBegin = this.lastIsBegin;
      if (this.count === 0) this.createFirst = w === Word.Create;
      else if (this.count <= 4 && w === Word.Trigger) this.triggerInHead = true;
      if (this.count === 62) this.word62IsBegin = w === Word.Begin;
      this.lastIsBegin = w === Word.Begin;
      this.count++;
    } else previousIsBegin = this.word62IsBegin;
    if (w === Word.Atomic && previousIsBegin) this.depth++;
    else if (this.depth > 0 && (w === Word.Case || w === Word.Begin)) this.depth++;
    else if (this.depth > 0 && w === Word.End) this.depth--;
    else if (w === Word.Begin && this.createFirst && this.triggerInHead) this.depth++;
  }
}

/** The statements of `sql` with their lines and offsets, in order. */
export function statementSpans(sql: string, firstLine = 1): StatementSpan[] {
  const out: StatementSpan[] = [];
  const body = new BodyDepth();
  let line = firstLine;
  let start = -1;
  let startLine = line;
  const push = (end: number): void => {
    if (start >= 0) {
      const text = sql.slice(start, end);
      const trimmed = text.trim();
      if (trimmed !== '') {
        // `start` is never an ASCII blank, but trim() also drops other white space (a BOM…).
        const lead = trimmed.charCodeAt(0) === text.charCodeAt(0) ? 0 : text.length - text.trimStart().length;
        out.push({ sql: trimmed, line: startLine, start: start + lead });
      }
    }
    start = -1;
    body.reset();
  };

  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === NL) {
      line++;
      i++;
      continue;
    }
    if (c === DASH && sql.charCodeAt(i + 1) === DASH) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === SLASH && sql.charCodeAt(i + 1) === STAR) {
      let nest = 1;
      i += 2;
      while (i < n && nest > 0) {
        const d = sql.charCodeAt(i);
        if (d === NL) line++;
        if (d === SLASH && sql.charCodeAt(i + 1) === STAR) {
          nest++;
          i += 2;
        } else if (d === STAR && sql.charCodeAt(i + 1) === SLASH) {
          nest--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (c === SPACE || c === TAB || c === CR) {
      i++;
      continue;
    }
    if (start < 0) {
      start = i;
      startLine = line;
    }
    if (c === SINGLE || c === DOUBLE || c === BACKTICK) {
      // E'...' (not the end of a longer word) is the one string in which a backslash escapes.
      const prev = sql.charCodeAt(i - 1);
      const backslash = c === SINGLE && (prev === 69 || prev === 101) && !isIdentChar(sql.charCodeAt(i - 2));
      i++;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (d === NL) line++;
        if (backslash && d === BACKSLASH) {
          i += 2;
          continue;
        }
        if (d === c) {
          if (sql.charCodeAt(i + 1) === c) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (c === BRACKET) {
      const end = sql.indexOf(']', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === DOLLAR) {
      const length = dollarTagLength(sql, i);
      if (length > 0 && !isIdentChar(sql.charCodeAt(i - 1))) {
        const close = sql.indexOf(sql.slice(i, i + length), i + length);
        const end = close < 0 ? n : close + length;
        for (let k = i; k < end; k++) if (sql.charCodeAt(k) === NL) line++;
        i = end;
        continue;
      }
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && (isIdentChar(sql.charCodeAt(j)) || sql.charCodeAt(j) === DOLLAR)) j++;
      body.word(classify(sql, i, j - i));
      i = j;
      continue;
    }
    if (c === SEMICOLON && body.depth <= 0) {
      push(i);
      i++;
      continue;
    }
    i++;
  }
  push(n);
  return out;
}

export function splitStatements(sql: string, firstLine = 1): Statement[] {
  return statementSpans(sql, firstLine).map((s) => ({ sql: s.sql, line: s.line }));
}

/** Statements that would break Strata's own transaction handling if a revision ran them. */
export function isTransactionControl(statement: string): boolean {
  return (
    /^(BEGIN|COMMIT|ROLLBACK|END|START\s+TRANSACTION|SAVEPOINT|RELEASE)\b/i.test(statement.trim()) &&
    !/^BEGIN\s+ATOMIC/i.test(statement.trim())
  );
}
