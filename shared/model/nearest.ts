// "Did you mean …?": the known words closest to a mistyped one. Pure, so that the graph can
// carry its suggestions on an error as data and the CLI can use the same measure for
// commands and options.

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment):
 * `upgarde` is one slip away from `upgrade`, not two. Stops early past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}

/** How many slips a word of this length may contain and still be recognised. */
function tolerance(word: string): number {
  return word.length <= 2 ? 0 : word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
}

/**
 * The candidates nearest to `word` (at most `max`, best first, ties in the candidates'
 * order), or none when nothing is close enough to be a likely slip. Comparison ignores case.
 */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const typed = word.toLowerCase();
  const limit = tolerance(typed);
  const scored: { candidate: string; distance: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate) || candidate === word) continue;
    seen.add(candidate);
    const distance = editDistance(typed, candidate.toLowerCase(), limit);
    if (distance <= limit) scored.push({ candidate, distance });
  }
  const best = Math.min(...scored.map((s) => s.distance));
  return scored
    .filter((s) => s.distance === best)
    .slice(0, max)
    .map((s) => s.candidate);
}

/** " (did you mean a or b?)", or '' when there is nothing to suggest. */
export function didYouMean(suggestions: readonly string[], quote = (s: string): string => s): string {
  if (suggestions.length === 0) return '';
  const words = suggestions.map(quote);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  return `did you mean ${list}?`;
}
