// Identifiers inside SQL text the diff keeps opaque (view queries, trigger definitions, index
// expressions): finding which relations a text reads, and following a rename into it, the
// way the database itself rewrites them on ALTER … RENAME.

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `name` as a whole identifier (bare, or double-quoted) somewhere in `text`. */
function identifierPattern(name: string, flags: string): RegExp {
  return new RegExp(`(?<![\\w$"])(?:${escape(name)}|"${escape(name.replace(/"/g, '""'))}")(?![\\w$"])`, flags);
}

export function mentions(text: string, name: string): boolean {
  return identifierPattern(name, 'i').test(text);
}

export function renameIdentifier(text: string, from: string, to: string): string {
  return text.replace(identifierPattern(from, 'gi'), (m) => (m.startsWith('"') ? `"${to.replace(/"/g, '""')}"` : to));
}
