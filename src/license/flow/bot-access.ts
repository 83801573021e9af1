/**
 * Whether the bot's own account may apply licenses (`edit-privileged-setting`, what `licenses.add` requires), so the
 * flow says so when it shows a license instead of failing after the admin confirmed. Checked at start and cached
 * briefly, so a permission granted meanwhile is seen without a restart.
 */
import type { Logger } from 'pino';
import type { ChatApi } from '../../chat/chat-api.js';

/** The permission Rocket.Chat checks on `POST licenses.add`. */
export const APPLY_PERMISSION = 'edit-privileged-setting';

/** The bot's ability to apply: `unknown` when Rocket.Chat could not be asked (then applying is tried). */
export type BotAccess = 'granted' | 'missing' | 'unknown';

/** Answers, with a short cache, whether the bot account holds the apply permission. */
export interface BotAccessCheck {
  current(): Promise<BotAccess>;
}

/** Asks Rocket.Chat (GET me + permissions.listAll) at most once per `ttlMs`. */
export function botAccessCheck(chat: Pick<ChatApi, 'ownPermissions'>, log: Logger, options: { ttlMs?: number; now?: () => Date } = {}): BotAccessCheck {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = () => (options.now ? options.now().getTime() : Date.now());
  let cached: { access: BotAccess; until: number } | undefined;
  return {
    async current() {
      if (cached && cached.until > now()) return cached.access;
      let access: BotAccess;
      try {
        access = (await chat.ownPermissions()).has(APPLY_PERMISSION) ? 'granted' : 'missing';
      } catch (error) {
        log.warn({ err: error }, 'could not check whether the bot account may apply licenses');
        access = 'unknown';
      }
      if (access === 'missing' && cached?.access !== 'missing') {
        log.warn(`the bot account lacks "${APPLY_PERMISSION}": it can check licenses but not apply them; grant it to one of the bot's roles`);
      }
      cached = { access, until: now() + (access === 'unknown' ? 0 : ttlMs) };
      return access;
    },
  };
}
