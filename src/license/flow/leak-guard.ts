/**
 * A license posted anywhere but a DM with the bot: everyone in that room can read it. The bot does not use it and tells
 * the sender in a DM (never in the room, which would draw attention to it). In a room the bot serves (INFOBOT_ROOMS) it
 * also deletes the message when Rocket.Chat lets it; in any other room it only warns, because it has no business
 * deleting there. It runs ahead of the dispatcher on every message the bot sees; a claim on the message id makes one
 * replica act, once.
 *
 * What counts is a license exactly (recognise.ts: a v3 token with an RS256 header, or one whole RSA block of the license
 * key's size), in the text or in an attached `.txt` file, which is downloaded from Rocket.Chat (capped) to be looked at.
 */
import type { Logger } from 'pino';
import type { ChatApi } from '../../chat/chat-api.js';
import type { IncomingMessage } from '../../chat/incoming.js';
import type { BotIdentity } from '../../chat/link.js';
import { RestError } from '../../chat/rest.js';
import { venueOf } from '../../dispatch/filter.js';
import type { Claims } from '../../store/claims.js';
import { licenseFingerprint } from '../verify.js';
import type { LicenseAudit } from './audit.js';
import { licenseFileOf, licenseTextOf, looksLikeLicense } from './recognise.js';

/** Looks at every incoming message; takes those that expose a license outside a DM. */
export interface LeakGuard {
  /**
   * True when the message's text exposes a license outside a DM: the guard handles it and nothing else should. A `.txt`
   * file attached in a room is looked at in the background (the message still goes on to the dispatcher).
   */
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
  /** The RSA block size of the license key, in bytes: a v2 license is exactly one such block. */
  licenseBlockBytes: number;
  /** INFOBOT_ROOMS: the rooms the bot serves, where it may delete an exposed license. */
  rooms: readonly string[];
}

const CLAIM_TTL_MS = 24 * 60 * 60_000;
/** A license file is a few kilobytes (source.ts reads at most 64 KiB); a larger attachment is not looked at. */
const MAX_FILE_BYTES = 64 * 1024;

function roomLabel(message: IncomingMessage): string {
  if (message.roomType === 'd') return 'a direct message with other members';
  return message.roomName ? `#${message.roomName}` : 'a room';
}

/** Builds the guard. */
export function createLeakGuard(deps: LeakGuardDeps): LeakGuard {
  const log = deps.log.child({ component: 'license-leak-guard' });
  const running = new Set<Promise<void>>();
  const blocks = [deps.licenseBlockBytes];

  async function deleteIt(message: IncomingMessage): Promise<{ deleted: boolean; why?: string }> {
    try {
      await deps.chat.deleteMessage(message.roomId, message.id);
      return { deleted: true };
    } catch (error) {
      // Deleting someone else's message needs delete-message or force-delete-message, which a bot rarely holds.
      return { deleted: false, why: error instanceof RestError ? error.message : 'the deletion failed' };
    }
  }

  /** Rooms the bot serves (and group DMs, reported by the license command): there it deletes; elsewhere it only warns. */
  function mayDelete(message: IncomingMessage): boolean {
    return message.roomType === 'd' || venueOf(message, deps.rooms) === 'listened';
  }

  async function handle(message: IncomingMessage, license: string | undefined): Promise<void> {
    if (!(await deps.claims.claimOnce(`license-leak:${message.id}`, CLAIM_TTL_MS))) return;
    const served = mayDelete(message);
    const { deleted, why } = served ? await deleteIt(message) : { deleted: false, why: undefined };
    const room = roomLabel(message);
    const warning = [
      `⚠️ You posted what looks like a Rocket.Chat license in ${room}. I did not use it: I accept licenses only in a one-to-one direct message with me, because everyone in ${room} can read it.`,
      deleted
        ? 'I deleted that message for you. Anyone who read it before may have copied the license.'
        : served
          ? `Please delete that message now: I could not delete it myself (${why}).`
          : `Please delete that message now: I do not act in ${room}, so I left it as it is.`,
      'To check or apply the license, paste it here, in this direct message.',
    ].join('\n');
    await deps.audit.record({
      at: deps.now(),
      action: 'channel-post',
      user: { id: message.sender.id, username: message.sender.username },
      roomId: message.roomId,
      messageId: message.id,
      fingerprint: license === undefined ? null : licenseFingerprint(license),
      outcome: `not used; ${deleted ? 'message deleted' : served ? 'message left (the bot may not delete it)' : 'message left (a room the bot does not serve)'}; sender warned by DM`,
      previousFingerprint: null,
    });
    // Recorded before the author is told, so the record exists whatever happens to the DM.
    const dm = await deps.chat.directRoomId(message.sender.username);
    await deps.chat.sendMessage(dm, { text: warning });
    log.warn({ msgId: message.id, roomId: message.roomId, user: message.sender.username, deleted }, 'a license was posted outside a DM: not used, sender warned');
  }

  /** Downloads an attached `.txt` file (capped) and handles the message when the file holds a license. */
  async function inspectFile(message: IncomingMessage): Promise<void> {
    const file = licenseFileOf(message.files);
    if (!file || (file.size ?? 0) > MAX_FILE_BYTES) return;
    let content: string;
    try {
      content = (await deps.chat.downloadFile(file.path, MAX_FILE_BYTES)).toString('utf8');
    } catch (error) {
      log.debug({ err: error, msgId: message.id }, 'an attached text file could not be read; not looked at');
      return;
    }
    if (looksLikeLicense(content, blocks)) await handle(message, licenseTextOf(content, blocks));
  }

  function track(work: Promise<void>, message: IncomingMessage): void {
    const tracked = work
      .catch((error: unknown) => log.error({ err: error, msgId: message.id }, 'could not handle a license posted outside a DM'))
      .finally(() => running.delete(tracked));
    running.add(tracked);
  }

  return {
    intercept(message) {
      if (message.roomType === 'd' || message.systemType || message.fromBot) return false;
      if (message.sender.id === deps.self().id) return false;
      if (looksLikeLicense(message.text, blocks)) {
        track(handle(message, licenseTextOf(message.text, blocks)), message);
        return true;
      }
      if (message.files.length > 0) track(inspectFile(message), message);
      return false;
    },
    report: (message) => handle(message, looksLikeLicense(message.text) ? licenseTextOf(message.text) : undefined),
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
