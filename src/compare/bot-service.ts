/** The comparison as the bot's commands use it: the database, the statistics engine, and refresh confirmations. */
import type { Db } from 'mongodb';
import type { StatsService } from '../stats/service.js';
import { type RefreshRequests, openRefreshRequests } from './refresh.js';
import type { CompareDeps } from './service.js';

declare module '../dispatch/services.js' {
  interface BotServices {
    /** `/info compare`: the bot's numbers beside Rocket.Chat's snapshot. */
    compare: CompareService;
  }
}

/** What `/info compare` needs. */
export interface CompareService extends CompareDeps {
  /** Confirmations of a refresh; undefined when the bot's own database is read-only (nowhere to keep a code). */
  refreshRequests: RefreshRequests | undefined;
}

/** The service over Rocket.Chat's database and, for confirmations, the bot's own (when writable). */
export function createCompareService(options: { rocketChatDb: Db; storeDb: Db | undefined; stats: StatsService; now: () => Date }): CompareService {
  return {
    db: options.rocketChatDb,
    stats: options.stats,
    now: options.now,
    refreshRequests: options.storeDb ? openRefreshRequests(options.storeDb, options.now) : undefined,
  };
}
