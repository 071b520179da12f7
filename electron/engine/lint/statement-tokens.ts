// A statement's tokens from the PostgreSQL scanner, scanned only as far as a fix needs them.
// The scanner's output costs about 2 µs a token, and most fixes look at the first few
// ("after INDEX", "is there a CONCURRENTLY"). A prefix of the statement that ends in white
// space scans to the same tokens as the whole statement, all but its last token: that one
// may be cut short (a `--` comment) or continued after the cut (a string literal continued
// on the next line). A prefix that ends inside a string, a quoted name or a comment does not
// scan at all; it is grown, like one that is too short.
import { scanTokens, type Token } from './parse.ts';

/** The first prefix tried; each next one is four times as long. */
const FIRST_PREFIX = 32;

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

export class StatementTokens {
  /** Non-comment tokens, equal to the first ones of the whole statement. */
  private known: Token[] = [];
  /** Length of the longest prefix scanned (or found not to scan); sql.length when complete. */
  private tried = 0;

  constructor(private readonly sql: string) {}

  /** Token `index` (comments skipped), or undefined past the statement's last one. */
  at(index: number): Token | undefined {
    while (index >= this.known.length && this.tried < this.sql.length) this.grow();
    return this.known[index];
  }

  all(): Token[] {
    if (this.tried < this.sql.length) this.scan(this.sql.length);
    return this.known;
  }

  private grow(): void {
    let cut = this.sql.length;
    for (let i = Math.max(this.tried * 4, FIRST_PREFIX) - 1; i < this.sql.length - 1; i++) {
      if (isBlank(this.sql.charCodeAt(i))) {
        cut = i + 1;
        break;
      }
    }
    this.scan(cut);
  }

  private scan(length: number): void {
    if (length >= this.sql.length) {
      this.known = scanTokens(this.sql).filter((t) => !t.comment);
      this.tried = this.sql.length;
      return;
    }
    this.tried = length;
    let tokens: Token[];
    try {
      tokens = scanTokens(this.sql.slice(0, length));
    } catch {
      return; // ends inside a string or comment: a longer prefix will do
    }
    tokens.pop();
    this.known = tokens.filter((t) => !t.comment);
  }
}
