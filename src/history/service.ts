/** The history as commands and the daily post read it: the bot's own days with Rocket.Chat's stored past behind them. */
import type { Db } from 'mongodb';
import { withRocketChatPast } from './backfilled.js';
import { openRcStatistics } from './rc-statistics.js';
import { type History, openHistory } from './snapshots.js';

declare module '../dispatch/services.js' {
  interface BotServices {
    /** Daily snapshots: the bot's own, and Rocket.Chat's stored ones for the days before (issue 17). */
    history: History;
  }
}

/** The backfilled history over the bot's database and Rocket.Chat's (read only), days counted in `timeZone`. */
export function openBackfilledHistory(storeDb: Db, rocketChatDb: Db, timeZone: string): History {
  return withRocketChatPast(openHistory(storeDb), openRcStatistics(rocketChatDb, timeZone));
}
