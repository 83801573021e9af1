/** Combining query outcomes: a derived value is live only when every query it needs succeeded. */
import type { Outcome } from '../query-runner.js';

/** Both outcomes, or the first failure. */
export function both<A, B>(a: Outcome<A>, b: Outcome<B>): Outcome<[A, B]> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, value: [a.value, b.value] };
}
