/**
 * The contract between the statistics engine and its users (bot commands, CLI, daily post).
 * The implementation lives beside it in src/stats/; this file holds only the types.
 */
import type { Card, InfoCardId } from '../cards/model.js';

/** One computation of the Info page: the cards and statistics.json, from the same numbers. */
export interface StatsSnapshot {
  computedAt: Date;
  cards: Record<InfoCardId, Card>;
  /** The statistics.json document (IStats fields at the top level, plus an `infobot` block). */
  statistics: Record<string, unknown>;
  /** Fields that could not be computed (query failed or timed out), by IStats name. */
  failed: string[];
}

/** Computes snapshots, cached with a TTL and single-flight; `refresh` bypasses the cache. */
export interface StatsService {
  get(options?: { refresh?: boolean }): Promise<StatsSnapshot>;
}
