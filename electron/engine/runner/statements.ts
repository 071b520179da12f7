// Splits a revision's SQL into statements, each with the line it starts on, so that a
// failure can name the line in the file. Understands what can hide a semicolon: strings,
// quoted identifiers, comments, PostgreSQL dollar quotes, and trigger / BEGIN ATOMIC bodies.

export interface Statement {
  readonly sql: string;
  /** 1-based line in the file where the statement starts. */
  readonly line: number;
}

const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function splitStatements(sql: string, firstLine = 1): Statement[] {
  const out: Statement[] = [];
  let line = firstLine;
  let start = -1;
  let startLine = line;
  let depth = 0;
  let words: string[] = [];
  const push = (end: number): void => {
    if (start >= 0) {
      const text = sql.slice(start, end).trim();
      if (text !== '') out.push({ sql: text, line: startLine });
    }
    start = -1;
    depth = 0;
    words = [];
  };
  const begin = (i: number): void => {
    if (start < 0) {
      start = i;
      startLine = line;
    }
  };
  // A trigger (CREATE [TEMP|OR REPLACE] TRIGGER ... BEGIN ... END) or a BEGIN ATOMIC function
  // has a body in which semicolons do not end the statement; CASE ... END nests inside it.
  const track = (word: string): void => {
    if (word === 'ATOMIC' && words[words.length - 2] === 'BEGIN') depth++;
    else if (depth > 0 && (word === 'CASE' || word === 'BEGIN')) depth++;
    else if (depth > 0 && word === 'END') depth--;
    else if (word === 'BEGIN' && words[0] === 'CREATE' && words.slice(1, 5).includes('TRIGGER')) depth++;
  };

  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      let nest = 1;
      i += 2;
      while (i < n && nest > 0) {
        if (sql[i] === '\n') line++;
        if (sql[i] === '/' && sql[i + 1] === '*') {
          nest++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          nest--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    begin(i);
    if (c === "'" || c === '"' || c === '`') {
      const backslash = c === "'" && i > 0 && /[eE]/.test(sql[i - 1] as string) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? ' ');
      i++;
      while (i < n) {
        const d = sql[i] as string;
        if (d === '\n') line++;
        if (backslash && d === '\\') {
          i += 2;
          continue;
        }
        if (d === c) {
          if (sql[i + 1] === c) {
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
    if (c === '[') {
      const end = sql.indexOf(']', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '$') {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64));
      if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? ' ')) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        for (let k = i; k < end; k++) if (sql[k] === '\n') line++;
        i = end;
        continue;
      }
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j] as string)) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (words.length < 64) words.push(word);
      track(word);
      i = j;
      continue;
    }
    if (c === ';' && depth <= 0) {
      push(i);
      i++;
      continue;
    }
    i++;
  }
  push(n);
  return out;
}

/** Statements that would break Strata's own transaction handling if a revision ran them. */
export function isTransactionControl(statement: string): boolean {
  return /^(BEGIN|COMMIT|ROLLBACK|END|START\s+TRANSACTION|SAVEPOINT|RELEASE)\b/i.test(statement.trim()) && !/^BEGIN\s+ATOMIC/i.test(statement.trim());
}
