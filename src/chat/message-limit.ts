/**
 * The workspace's Message_MaxAllowedSize as the bot sees it, read from Rocket.Chat's public settings once per
 * answer: an admin's change counts from the next answer on, and a kept value can never be stale.
 */
import type { Logger } from 'pino';
import type { ChatApi } from './chat-api.js';

/**
 * Rocket.Chat's default for Message_MaxAllowedSize (apps/meteor/server/settings/message.ts: type int, public),
 * used whenever the server cannot say.
 */
export const DEFAULT_MESSAGE_LIMIT = 5000;

const SETTING = 'Message_MaxAllowedSize';

/** The longest `msg` Rocket.Chat accepts now. */
export interface MessageLimit {
  current(): Promise<number>;
}

interface PublicSettings {
  settings?: { _id?: string; value?: unknown }[];
}

/**
 * Over `GET settings.public?_id=…` (apps/meteor/app/api/server/v1/settings.ts: no login needed, and the setting is
 * public), which answers in both modes, database and REST-only.
 */
export function createMessageLimit(chat: Pick<ChatApi, 'get'>, log: Logger): MessageLimit {
  return {
    async current() {
      try {
        const body = await chat.get<PublicSettings>('settings.public', { _id: SETTING });
        const value = body.settings?.find((s) => s._id === SETTING)?.value;
        return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_MESSAGE_LIMIT;
      } catch (error) {
        log.warn({ err: error }, `could not read ${SETTING}; assuming Rocket.Chat's default`);
        return DEFAULT_MESSAGE_LIMIT;
      }
    },
  };
}
