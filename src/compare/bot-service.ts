/** The comparison as the bot's commands use it: the database, the statistics engine, and refresh confirmations. */
import type { Db } from 'mongodb';
import type { StatsService } from '../stats/service.js';
import type { StatisticsSnapshot } from '../stats/snapshot.js';
import { type ConfirmRefusal, openRefreshRequests } from './refresh.js';
import { compareNow } from './service.js';

declare module '../dispatch/services.js' {
  interface BotServices {
    /** `/info compare`: the bot's numbers beside Rocket.Chat's snapshot. */
    compare: CompareService;
  }
}

/**
 * What `/info compare` needs. Every member is an async method, so REST-only mode's stand-in (dispatch/unavailable.ts
 * `unavailable`) answers each with "needs MONGO_URL": `ensureDatabase()` comes first, before anything is done.
 */
export interface CompareService {
  ensureDatabase(): Promise<void>;
  compare(fresh?: StatisticsSnapshot): ReturnType<typeof compareNow>;
  /** A refresh code for `userId`; undefined when the bot's own database is read-only (nowhere to keep it). */
  createRefreshCode(userId: string): Promise<{ code: string; expiresAt: Date } | undefined>;
  consumeRefreshCode(code: string, userId: string): Promise<true | ConfirmRefusal>;
}

/** The service over Rocket.Chat's database and, for confirmations, the bot's own (when writable). */
export function createCompareService(options: { rocketChatDb: Db; storeDb: Db | undefined; stats: StatsService; now: () => Date }): CompareService {
  const requests = options.storeDb ? openRefreshRequests(options.storeDb, options.now) : undefined;
  return {
    async ensureDatabase() {},
    compare: (fresh) => compareNow({ db: options.rocketChatDb, stats: options.stats, now: options.now }, fresh),
    createRefreshCode: async (userId) => requests?.create(userId),
    consumeRefreshCode: async (code, userId) => (requests ? requests.consume(code, userId) : 'unknown'),
  };
}
