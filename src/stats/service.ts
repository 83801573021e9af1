/**
 * The contract between the statistics engine and its users (bot commands, CLI, daily post, license flow). A caller
 * names the parts it shows; only their figures are computed, and figures still fresh from an earlier request are
 * reused. Another figure source (e.g. Rocket.Chat's REST API) can stand behind the same contract.
 */
import type { StatsPart, StatsResult } from './result.js';

/** How a request is answered. */
export interface StatsRequestOptions {
  /** Ask every figure again instead of reusing fresh ones (the new answers refresh the cache). */
  refresh?: boolean;
}

/** Computes the parts asked for, per figure cached with a TTL and shared while in flight. */
export interface StatsService {
  get<P extends StatsPart>(parts: readonly P[], options?: StatsRequestOptions): Promise<StatsResult<P>>;
}
