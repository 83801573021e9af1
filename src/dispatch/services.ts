/**
 * The services every command receives in `ctx.services`. Later features add theirs by declaration
 * merging (`declare module '…/services.js' { interface BotServices { … } }`) and wire them in main.ts.
 */
import type { ChatApi } from '../chat/chat-api.js';
import type { Config } from '../config.js';
import type { StatsService } from '../stats/service.js';
import type { Command } from './command.js';
import type { PermissionLookup } from './sender-permissions.js';

/** What commands may use: statistics, Rocket.Chat as the bot, the registry; the features add theirs (the bot's own data: store/bot-data.ts). */
export interface BotServices {
  stats: StatsService;
  chat: ChatApi;
  config: Config;
  /** Every registered command, for help. */
  commands: readonly BotCommand[];
  /** Whether a user holds a Rocket.Chat permission (the guard's source, for help's filtering). */
  permissions: PermissionLookup;
}

/** A command written against the bot's services. */
export type BotCommand = Command<BotServices>;
