/**
 * The workspace's Message_MaxAllowedSize as the bot sees it, read from Rocket.Chat's public settings and kept for a
 * minute, so an answer costs no settings round trip. A kept value that became stale is harmless both ways: a raised
 * limit only means pieces shorter than needed for a minute, and a lowered one makes Rocket.Chat refuse the message,
 * upon which the sender reads the setting afresh (`fresh`) and splits again (deliver.ts).
 */
import type { Logger } from 'pino';
import type { ChatApi } from './chat-api.js';

/**
 * Rocket.Chat's default for Message_MaxAllowedSize (apps/meteor/server/settings/message.ts: type int, public),
 * used whenever the server cannot say.
 */
export const DEFAULT_MESSAGE_LIMIT = 5000;

const SETTING = 'Message_MaxAllowedSize';

/** How long a value read from the server is used before it is read again. */
export const MESSAGE_LIMIT_TTL_MS = 60_000;

/** The longest `msg` Rocket.Chat accepts now. */
export interface MessageLimit {
  /** `fresh`: read the setting now (after Rocket.Chat refused a message as too long) instead of the kept value. */
  current(options?: { fresh?: boolean }): Promise<number>;
}

interface PublicSettings {
  settings?: { _id?: string; value?: unknown }[];
}

/**
 * Over `GET settings.public?_id=…` (apps/meteor/app/api/server/v1/settings.ts: no login needed, and the setting is
 * public), which answers in both modes, database and REST-only. Concurrent answers share one read; a failed read is
 * not kept (Rocket.Chat's default stands in for it, and the next answer asks again).
 */
export function createMessageLimit(chat: Pick<ChatApi, 'get'>, log: Logger, options: { ttlMs?: number; now?: () => number } = {}): MessageLimit {
  const ttlMs = options.ttlMs ?? MESSAGE_LIMIT_TTL_MS;
  const now = options.now ?? Date.now;
  let kept: { value: Promise<number>; expiresAt: number } | undefined;

  async function read(): Promise<{ value: number; ok: boolean }> {
    try {
      const body = await chat.get<PublicSettings>('settings.public', { _id: SETTING });
      const value = body.settings?.find((s) => s._id === SETTING)?.value;
      return { value: typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_MESSAGE_LIMIT, ok: true };
    } catch (error) {
      log.warn({ err: error }, `could not read ${SETTING}; assuming Rocket.Chat's default`);
      return { value: DEFAULT_MESSAGE_LIMIT, ok: false };
    }
  }

  return {
    current(request = {}) {
      if (!request.fresh && kept && now() < kept.expiresAt) return kept.value;
      const reading = read();
      const entry = { value: reading.then((r) => r.value), expiresAt: now() + ttlMs };
      kept = entry;
      void reading.then((r) => {
        if (!r.ok && kept === entry) kept = undefined;
      });
      return entry.value;
    },
  };
}
