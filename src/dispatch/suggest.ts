/**
 * Did-you-mean: the registered name closest to what was typed, by edit distance (with transpositions,
 * the commonest typo). Pure, and bounded whatever was typed: a typo is at most a quarter of the name's
 * length away from it, so input whose length alone puts it further away is never compared, and a
 * comparison costs at most (name length)² steps.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps (three rolling rows). */
export function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] as number) + 1);
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}

/** The candidate closest to the typed words, if it is close enough to be a typo of it. */
export function closest(typed: readonly string[], candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const tolerated = Math.max(1, Math.floor(name.length / 4));
    const words = name.split(' ').length;
    // The distance is at least the difference in length: longer input cannot be a typo, and is not even joined.
    let length = words - 1;
    for (let w = 0; w < words && length <= name.length + tolerated; w++) length += typed[w]?.length ?? 0;
    if (length > name.length + tolerated || length < name.length - tolerated) continue;
    const input = typed.slice(0, words).join(' ').toLowerCase();
    const distance = editDistance(input, name);
    const better = !best || distance < best.distance || (distance === best.distance && name.length > best.name.length);
    if (distance > 0 && distance <= tolerated && better) best = { name, distance };
  }
  return best?.name;
}
