// Fuzzy matching for the palette: every query word must appear in order (letters may be
// skipped), and matches at word starts and in runs score higher — so "up hea" finds
// "Upgrade all heads" first and "dg base" finds "Downgrade to base". Pure, no DOM.

export interface FuzzyMatch {
  readonly score: number;
  /** Indexes into the text of the matched characters, for highlighting. */
  readonly positions: readonly number[];
}

const SEPARATORS = new Set([' ', '-', '_', '/', '.', ':', '(', ')', '…', '·', '@']);

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1] ?? ' ';
  const here = text[i] ?? '';
  if (SEPARATORS.has(prev)) return true;
  // camelCase and digit boundaries count as word starts too.
  return (prev === prev.toLowerCase() && here !== here.toLowerCase()) || (/\d/.test(here) && !/\d/.test(prev));
}

/**
 * Best alignment of one word of the query in the text, by dynamic programming over
 * (query index, text index): O(query × text), fine for titles and revision messages.
 * A letter scores 1, +8 at a word start, +6 right after the previous letter; a gap of g
 * skipped characters costs 0.5 + 0.1·g. Being linear in g, the best gapped predecessor is
 * a running maximum of score + 0.1·index, so each row is one pass.
 */
function matchWord(word: string, text: string, lower: string): FuzzyMatch | null {
  const m = word.length;
  const n = text.length;
  if (m === 0) return { score: 0, positions: [] };
  if (m > n) return null;
  const NONE = -Infinity;
  const rows: Float64Array[] = [];
  const backs: Int32Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(n).fill(NONE);
    const back = new Int32Array(n).fill(-1);
    const prev = rows[i - 1];
    const ch = word[i];
    let runMax = NONE;
    let runAt = -1;
    for (let j = 0; j < n; j++) {
      if (prev && j >= 2) {
        const k = j - 2;
        const c = prev[k] as number;
        if (c > NONE && c + 0.1 * k > runMax) {
          runMax = c + 0.1 * k;
          runAt = k;
        }
      }
      if (lower[j] !== ch) continue;
      const value = 1 + (isWordStart(text, j) ? 8 : 0) + (j === 0 ? 4 : 0);
      if (!prev) {
        row[j] = value - j * 0.05;
        continue;
      }
      let best = NONE;
      let at = -1;
      const adjacent = j > 0 ? (prev[j - 1] as number) : NONE;
      if (adjacent > NONE) {
        best = adjacent + value + 6;
        at = j - 1;
      }
      if (runAt >= 0) {
        const gapped = runMax - 0.1 * (j - 1) - 0.5 + value;
        if (gapped > best) {
          best = gapped;
          at = runAt;
        }
      }
      row[j] = best;
      back[j] = at;
    }
    rows.push(row);
    backs.push(back);
  }
  const last = rows[m - 1] as Float64Array;
  let end = -1;
  for (let j = 0; j < n; j++)
    if ((last[j] as number) > NONE && (end === -1 || (last[j] as number) > (last[end] as number))) end = j;
  if (end === -1) return null;
  const positions: number[] = new Array<number>(m);
  let j = end;
  for (let i = m - 1; i >= 0; i--) {
    positions[i] = j;
    j = (backs[i] as Int32Array)[j] as number;
  }
  return { score: last[end] as number, positions };
}

/**
 * Matches `query` against `text` (fuzzy, highlighted) and optional `keywords` (searched,
 * not shown). A query word that is not in the text must start a keyword: synonyms help
 * find a command ("dark" finds the theme toggle) without letters scattered across a list
 * of synonyms matching everything. Null when some word is found in neither.
 */
export function fuzzyMatch(query: string, text: string, keywords = ''): FuzzyMatch | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { score: 0, positions: [] };
  const lower = text.toLowerCase();
  const keywordList = keywords
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  let score = 0;
  const positions = new Set<number>();
  for (const word of words) {
    const inText = matchWord(word, text, lower);
    if (inText) {
      score += inText.score;
      for (const p of inText.positions) positions.add(p);
      continue;
    }
    if (!keywordList.some((k) => k.startsWith(word))) return null;
    score += word.length * 4;
  }
  // Shorter texts win ties: "Upgrade all heads" before a long sentence with the same letters.
  return { score: score - text.length * 0.01, positions: [...positions].sort((a, b) => a - b) };
}

/** Ranks items by score, keeping the given order among equals; an empty query keeps all. */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  text: (item: T) => string,
  keywords?: (item: T) => string,
): Array<{ item: T; match: FuzzyMatch }> {
  const ranked: Array<{ item: T; match: FuzzyMatch; index: number }> = [];
  items.forEach((item, index) => {
    const match = fuzzyMatch(query, text(item), keywords?.(item) ?? '');
    if (match) ranked.push({ item, match, index });
  });
  if (query.trim()) ranked.sort((a, b) => b.match.score - a.match.score || a.index - b.index);
  return ranked.map(({ item, match }) => ({ item, match }));
}
