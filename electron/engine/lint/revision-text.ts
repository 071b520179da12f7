// Whether a file's text is a Strata revision or bare statements: decided before anything is
// parsed, by lint-file.ts and by the parse workers (which prepare only bare files).

/** A file is a revision when it has the `-- strata:upgrade` marker line. */
export function isRevisionText(text: string): boolean {
  return hasLine(text, '-- strata:upgrade');
}

/** Whether some line of `text`, trimmed, is `line`; looks only where the text occurs. */
export function hasLine(text: string, line: string): boolean {
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
    const start = text.lastIndexOf('\n', at) + 1;
    const nl = text.indexOf('\n', at);
    if (text.slice(start, nl < 0 ? text.length : nl).trim() === line) return true;
  }
  return false;
}
