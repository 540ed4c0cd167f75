/** "Did you mean ...?" hints for misspelt member names and enum values. */

/** Case and `_`/`-` folded, so `h264` matches `H_264` and `destination` matches `Destination`. */
function fold(word: string): string {
  return word.toLowerCase().replace(/[_-]/g, '');
}

/** Levenshtein edit distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo: equal after folding
 * case and separators, or within an edit distance of about a quarter of its length (at least 1).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = fold(candidate);
    if (other === folded) return candidate;
    const limit = Math.max(1, Math.floor(Math.max(folded.length, other.length) / 4));
    if (Math.abs(other.length - folded.length) > limit) continue;
    const distance = editDistance(folded, other);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
