/**
 * A license posted anywhere but a DM with the bot: everyone in that room can read it. The bot does not use it, deletes
 * the message when Rocket.Chat lets it, and tells the sender in a DM (never in the room, which would draw attention to
 * it). It runs ahead of the dispatcher on every message the bot sees, so a room the bot does not answer in is covered
 * too; a claim on the message id makes one replica act, once.
 */
import type { Logger } from 'pino';
import type { ChatApi } from '../../chat/chat-api.js';
import type { IncomingMessage } from '../../chat/incoming.js';
import type { BotIdentity } from '../../chat/link.js';
import { RestError } from '../../chat/rest.js';
import type { Claims } from '../../store/claims.js';
import { licenseFingerprint } from '../verify.js';
import type { LicenseAudit } from './audit.js';
import { licenseTextOf, looksLikeLicense } from './recognise.js';

/** Looks at every incoming message; takes those that expose a license outside a DM. */
export interface LeakGuard {
  /** True when the message exposes a license outside a DM: the guard handles it and nothing else should. */
  intercept(message: IncomingMessage): boolean;
  /** Handles a license found exposed elsewhere (a direct message with other members): not used, deleted, sender warned. */
  report(message: IncomingMessage): Promise<void>;
  /** Resolves when every message taken so far has been handled (for shutdown and tests). */
  idle(): Promise<void>;
}

/** What the guard needs. */
export interface LeakGuardDeps {
  chat: ChatApi;
  claims: Claims;
  audit: LicenseAudit;
  self(): BotIdentity;
  log: Logger;
  now(): Date;
}

const CLAIM_TTL_MS = 24 * 60 * 60_000;

function roomLabel(message: IncomingMessage): string {
  if (message.roomType === 'd') return 'a direct message with other members';
  return message.roomName ? `#${message.roomName}` : 'a room';
}

/** Builds the guard. */
export function createLeakGuard(deps: LeakGuardDeps): LeakGuard {
  const log = deps.log.child({ component: 'license-leak-guard' });
  const running = new Set<Promise<void>>();

  async function deleteIt(message: IncomingMessage): Promise<{ deleted: boolean; why?: string }> {
    try {
      await deps.chat.deleteMessage(message.roomId, message.id);
      return { deleted: true };
    } catch (error) {
      // Deleting someone else's message needs delete-message or force-delete-message, which a bot rarely holds.
      return { deleted: false, why: error instanceof RestError ? error.message : 'the deletion failed' };
    }
  }

  async function handle(message: IncomingMessage): Promise<void> {
    if (!(await deps.claims.claim(`license-leak:${message.id}`, CLAIM_TTL_MS))) return;
    const { deleted, why } = await deleteIt(message);
    const room = roomLabel(message);
    const warning = [
      `⚠️ You posted what looks like a Rocket.Chat license in ${room}. I did not use it: I accept licenses only in a one-to-one direct message with me, because everyone in ${room} can read it.`,
      deleted
        ? 'I deleted that message for you. Anyone who read it before may have copied the license.'
        : `Please delete that message now: I could not delete it myself (${why}).`,
      'To check or apply the license, paste it here, in this direct message.',
    ].join('\n');
    const dm = await deps.chat.directRoomId(message.sender.username);
    await deps.chat.sendMessage(dm, { text: warning });
    await deps.audit.record({
      at: deps.now(),
      action: 'channel-post',
      user: { id: message.sender.id, username: message.sender.username },
      roomId: message.roomId,
      messageId: message.id,
      // An uploaded file is never downloaded here: only a license in the text can be named.
      fingerprint: looksLikeLicense(message.text) ? licenseFingerprint(licenseTextOf(message.text)) : null,
      outcome: `not used; ${deleted ? 'message deleted' : 'message left (the bot may not delete it)'}; sender warned by DM`,
      previousFingerprint: null,
    });
    log.warn({ msgId: message.id, roomId: message.roomId, user: message.sender.username, deleted }, 'a license was posted outside a DM: not used, sender warned');
  }

  return {
    intercept(message) {
      if (message.roomType === 'd' || message.systemType || message.fromBot) return false;
      if (message.sender.id === deps.self().id || !looksLikeLicense(message.text)) return false;
      const work = handle(message)
        .catch((error: unknown) => log.error({ err: error, msgId: message.id }, 'could not handle a license posted outside a DM'))
        .finally(() => running.delete(work));
      running.add(work);
      return true;
    },
    report: (message) => handle(message),
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
