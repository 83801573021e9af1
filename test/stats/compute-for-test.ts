/**
 * The whole computation as the tests look at it: statistics.json and the four cards rendered in one zone from the
 * same result, with the failure lines the CLI prints added to the warnings.
 */
import { failureLines, renderInfoCards } from '../../src/cards/info-cards.js';
import type { Card, InfoCardId } from '../../src/cards/model.js';
import { type ComputeOptions, computeStats } from '../../src/stats/compute.js';
import { hasParts, INFO_SECTIONS, type StatsResult } from '../../src/stats/result.js';

/** A result with every part, its cards, and the warnings a terminal would show. */
export type ComputedStats = StatsResult<'document' | InfoCardId> & { cards: Record<InfoCardId, Card> };

/** Computes everything once and renders the cards in `timeZone`. */
export async function computeForTest(options: Omit<ComputeOptions, 'parts'> & { timeZone: string }): Promise<ComputedStats> {
  const { timeZone, ...compute } = options;
  const parts = ['document', ...INFO_SECTIONS] as const;
  const result = await computeStats({ ...compute, parts });
  if (!hasParts(result, parts)) throw new Error('the engine left parts out');
  const cards = renderInfoCards(result, INFO_SECTIONS, { timeZone, now: options.now });
  const byId = Object.fromEntries(INFO_SECTIONS.map((id, i) => [id, cards[i]])) as Record<InfoCardId, Card>;
  return { ...result, warnings: [...result.warnings, ...failureLines(result, timeZone)], cards: byId };
}
