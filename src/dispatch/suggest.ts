/**
 * Did-you-mean: the registered name closest to what was typed, by edit distance (with transpositions,
 * the commonest typo). Pure.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The candidate closest to the typed words, if it is close enough to be a typo of it. */
export function closest(typed: readonly string[], candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const input = typed.slice(0, name.split(' ').length).join(' ').toLowerCase();
    const distance = editDistance(input, name);
    const tolerated = Math.max(1, Math.floor(name.length / 4));
    const better = !best || distance < best.distance || (distance === best.distance && name.length > best.name.length);
    if (distance > 0 && distance <= tolerated && better) best = { name, distance };
  }
  return best?.name;
}
