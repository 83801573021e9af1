/**
 * The dispatcher: one fixed pipeline per message, and the bot's single try/catch.
 *   ignore (own, system, bots, edits) → dedupe by _id → venue (DMs + INFOBOT_ROOMS) → trigger → claim
 *   → parse → guard → run (a "computing…" placeholder after a second) → deliver
 * Known conditions (UserError) are answered as they are; any other failure becomes an error card with
 * a reference id that is also in the log. Nothing a user types can make it throw.
 * Every message ends in one DispatchEvent (events.ts): ignored, intercepted, refused, handled, failed or undelivered.
 */
import type { Logger } from 'pino';
import type { ChatApi, SentMessage } from '../chat/chat-api.js';
import type { IncomingMessage } from '../chat/incoming.js';
import { createMessageLimit, type MessageLimit } from '../chat/message-limit.js';
import type { BotIdentity } from '../chat/link.js';
import { type CommandOutcome, opsEvents } from '../ops/events.js';
import type { Claims } from '../store/claims.js';
import type { Args, Command, CommandContext, Reply } from './command.js';
import { type Brakes, createBrakes } from './brakes.js';
import { SeenMessages } from './dedupe.js';
import { deliver, render, type Target } from './deliver.js';
import { errorCard } from './error-card.js';
import { describeFailure, referenceId, UserError } from './errors.js';
import { createDispatchEvents, type DispatchListener, type DispatchOutcome, type SilenceReason } from './events.js';
import { ignoreReason, venueOf } from './filter.js';
import { type DirectMembers, guard, partitionByAccess } from './guard.js';
import { renderHelp } from './help.js';
import { parseCommandLine } from './parse.js';
import type { Registry } from './registry.js';
import type { PermissionLookup } from './sender-permissions.js';
import { recognise } from './trigger.js';

/** What the dispatcher is wired with. */
export interface DispatcherDeps<S> {
  registry: Registry<S>;
  chat: ChatApi;
  permissions: PermissionLookup;
  /** Cross-replica claims; without them only this process's memory dedupes. */
  claims?: Claims;
  services: S;
  /** INFOBOT_ROOMS: names or ids. */
  rooms: readonly string[];
  self(): BotIdentity;
  log: Logger;
  now(): Date;
  /** How long an answer may take before a "computing…" placeholder is posted. */
  slowNoticeMs?: number;
  /** Per-user and per-room rate limits (default: brakes.ts's). */
  brakes?: Brakes;
  /** The workspace's Message_MaxAllowedSize (default: read from Rocket.Chat's public settings through `chat`). */
  messageLimit?: MessageLimit;
  /**
   * Looks at every message first (the license leak guard). A message it takes goes no further; the promise
   * settles when it has finished with it.
   */
  intercept?(message: IncomingMessage): Promise<void> | undefined;
}

/** Takes messages from the link; close() stops taking new ones and waits for those in flight. */
export interface Dispatcher {
  handle(message: IncomingMessage): void;
  /** Commands still running. */
  inFlight(): number;
  /** Stops taking commands and waits up to `deadlineMs` for the running ones; returns how many did not finish. */
  close(deadlineMs: number): Promise<number>;
  /** Calls `listener` with the decision about every message from now on; returns the unsubscribe. */
  onEvent(listener: DispatchListener): () => void;
}

/** How long a message claim lasts: longer than any redelivery of the same message. */
const CLAIM_TTL_MS = 24 * 60 * 60_000;
const PLACEHOLDER = '⏳ Computing…';

/** Builds the dispatcher. */
export function createDispatcher<S>(deps: DispatcherDeps<S>): Dispatcher {
  const log = deps.log.child({ component: 'dispatcher' });
  const slowNoticeMs = deps.slowNoticeMs ?? 1_000;
  const seen = new SeenMessages();
  /** Who else is in a direct message, from Rocket.Chat's room document (a DM's `uids`; see guard.ts). */
  const directMembers: DirectMembers = async (roomId) => {
    const { room } = await deps.chat.get<{ room?: { uids?: string[]; usersCount?: number } }>('rooms.info', { roomId });
    const self = deps.self().id;
    return { ...(room?.uids ? { ids: room.uids.filter((id) => id !== self) } : {}), ...(room?.usersCount !== undefined ? { count: room.usersCount } : {}) };
  };
  const brakes = deps.brakes ?? createBrakes();
  const messageLimit = deps.messageLimit ?? createMessageLimit(deps.chat, log);
  const warnedRooms = new Set<string>();
  const running = new Set<Promise<void>>();
  const events = createDispatchEvents();
  let closing = false;

  /** Resolves true when this replica owns the message; a store outage degrades to answering anyway. */
  function claim(message: IncomingMessage, mlog: Logger): Promise<boolean> {
    if (!deps.claims) return Promise.resolve(true);
    return deps.claims.claimOnce(`message:${message.id}`, CLAIM_TTL_MS).catch((error: unknown) => {
      mlog.warn({ err: error }, 'the bot’s own database did not answer; answering without a cross-replica claim');
      return true;
    });
  }

  async function helpText(sender: IncomingMessage['sender']): Promise<string> {
    const commands = deps.registry.commands as readonly Command<S>[];
    const { allowed, hidden } = await partitionByAccess(commands, sender, deps.permissions).catch(() => ({ allowed: [...commands], hidden: [] }));
    return renderHelp(allowed, hidden, deps.self().username);
  }

  /** Posts the placeholder once `slowNoticeMs` has passed without an answer (and only if claimed). */
  function slowNotice(target: Target, claimed: Promise<boolean>, mlog: Logger) {
    let posting: Promise<SentMessage | undefined> | undefined;
    const timer = setTimeout(() => {
      posting = claimed.then((won) =>
        won
          ? deps.chat.sendMessage(target.roomId, { text: PLACEHOLDER, ...(target.threadId ? { threadId: target.threadId } : {}) }).catch((error: unknown) => {
              mlog.warn({ err: error }, 'could not post the placeholder');
              return undefined;
            })
          : undefined,
      );
    }, slowNoticeMs);
    return async (): Promise<SentMessage | undefined> => {
      clearTimeout(timer);
      return posting;
    };
  }

  async function answer(target: Target, replies: Reply[], placeholder: SentMessage | undefined, mlog: Logger): Promise<void> {
    await deliver(deps.chat, target, render(replies), placeholder, messageLimit, mlog);
  }

  async function runPipeline(message: IncomingMessage, line: string | undefined, untriggered: Command<S> | undefined): Promise<void> {
    const decided = (await brake(message)) ?? (await decide(message, line, untriggered));
    events.emit({ messageId: message.id, roomId: message.roomId, ...decided });
  }

  /**
   * Other bots are not answered: a bot-role user's message carries no `bot` field, and two bots answering each other
   * loop forever. A flood from one user or in one room gets one "slow down", then silence until the window ends.
   */
  async function brake(message: IncomingMessage): Promise<DispatchOutcome | undefined> {
    const isBot = await (deps.permissions.hasRole?.(message.sender.id, 'bot') ?? Promise.resolve(false)).catch(() => false);
    if (isBot) return { kind: 'ignored', reason: 'bot' };
    const verdict = brakes.admit(message.sender.id, message.roomId);
    if (verdict === 'run') return undefined;
    if (verdict === 'silent') return { kind: 'ignored', reason: 'rate-limited' };
    const mlog = log.child({ msgId: message.id, roomId: message.roomId, user: message.sender.username });
    if (!(await claim(message, mlog))) return { kind: 'ignored', reason: 'claimed-by-other-replica' };
    mlog.info('rate limit reached: one slow-down reply, then silence');
    const target: Target = { roomId: message.roomId, ...(message.threadId ? { threadId: message.threadId } : {}) };
    try {
      await answer(target, [{ kind: 'text', text: new UserError('slow-down', { username: message.sender.username }).message }], undefined, mlog);
      return { kind: 'refused', code: 'slow-down' };
    } catch (error) {
      mlog.error({ err: error }, 'could not deliver the answer');
      return { kind: 'undelivered' };
    }
  }

  /** Runs one command through guard, claim, run and deliver; says what became of it. */
  async function decide(message: IncomingMessage, line: string | undefined, untriggered: Command<S> | undefined): Promise<DispatchOutcome> {
    const started = Date.now();
    let mlog = log.child({ msgId: message.id, roomId: message.roomId, user: message.sender.username });
    const target: Target = { roomId: message.roomId, ...(message.threadId ? { threadId: message.threadId } : {}) };
    const claimed = claim(message, mlog);
    const placeholder = slowNotice(target, claimed, mlog);
    let label = '/info';
    let name: string | undefined;
    const report = (outcome: CommandOutcome, reason?: string) =>
      opsEvents.command.publish({ command: name, outcome, seconds: (Date.now() - started) / 1000, ...(reason ? { reason } : {}) });
    try {
      const parsed = untriggered
        ? { command: untriggered, args: { _: [] } as Args, rawArgs: message.text.trim() }
        : parseCommandLine(line ?? '', deps.registry);
      const { command, args, rawArgs } = parsed;
      label = `/${command.name}`;
      name = command.name;
      mlog = mlog.child({ cmd: command.name });
      // Sensitive input (a license) is never logged; other command lines are short and useful.
      mlog.info(command.sensitive ? {} : { args: rawArgs.slice(0, 200) }, 'command received');

      await guard(command as Command<unknown>, message.sender, { id: message.roomId, type: message.roomType }, deps.permissions, directMembers);
      if (!(await claimed)) {
        mlog.info('another replica claimed this message');
        report('claimed-elsewhere');
        return { kind: 'ignored', reason: 'claimed-by-other-replica' };
      }
      const ctx: CommandContext<S> = {
        sender: { id: message.sender.id, username: message.sender.username },
        room: { id: message.roomId, type: message.roomType, ...(message.roomName ? { name: message.roomName } : {}) },
        messageId: message.id,
        rawArgs,
        message,
        log: mlog,
        now: deps.now,
        services: deps.services,
      };
      const result = await command.run(ctx, args);
      await answer(target, Array.isArray(result) ? result : [result], await placeholder(), mlog);
      mlog.info({ ms: Date.now() - started }, 'command answered');
      report('answered');
      return { kind: 'handled', command: command.name };
    } catch (error) {
      const pending = await placeholder();
      if (!(await claimed)) {
        report('claimed-elsewhere');
        return { kind: 'ignored', reason: 'claimed-by-other-replica' };
      }
      report(error instanceof UserError ? 'refused' : 'failed', error instanceof UserError ? error.code : undefined);
      try {
        if (error instanceof UserError) {
          mlog.info({ code: error.code }, 'command refused');
          const body = error.code === 'unknown-command' ? `${error.message}\n\n${await helpText(message.sender)}` : error.message;
          await answer(target, [{ kind: 'text', text: body }], pending, mlog);
          return { kind: 'refused', code: error.code };
        }
        const ref = referenceId();
        const failure = describeFailure(error);
        mlog.error({ err: error, ref, failed: failure.failed }, `command failed (ref ${ref})`);
        await answer(target, [{ kind: 'cards', cards: [errorCard(label, failure, ref, deps.now())], text: `${failure.failed} (ref ${ref}).` }], pending, mlog);
        return { kind: 'failed', ref };
      } catch (sendError) {
        mlog.error({ err: sendError, cause: error instanceof Error ? error.message : String(error) }, 'could not deliver the answer');
        return { kind: 'undelivered' };
      }
    }
  }

  /** Where a message goes: a command line, a command that takes it as it is, or silence and why. */
  function route(message: IncomingMessage): { line?: string; untriggered?: Command<S> } | { silence: SilenceReason } {
    const self = deps.self();
    const reason = ignoreReason(message, self.id);
    if (reason) return { silence: reason };
    if (!seen.firstSighting(message.id)) return { silence: 'duplicate' };

    const venue = venueOf(message, deps.rooms);
    if (venue === 'elsewhere') return { silence: 'room-not-served' };
    const trigger = recognise(message.text, { roots: deps.registry.roots, botUsername: self.username, direct: venue === 'direct' });
    if (venue === 'not-joined') {
      if (trigger && !warnedRooms.has(message.roomId)) {
        warnedRooms.add(message.roomId);
        log.warn({ room: message.roomName ?? message.roomId }, 'a command came from a listened room the bot has not joined: invite the bot to the room');
      }
      return { silence: 'room-not-joined' };
    }
    // In a DM every text reads as a command line, so input a command recognises (a pasted license, an uploaded
    // file) is looked at first; otherwise it would be answered as an unknown command.
    if (venue === 'direct') {
      const untriggered = (deps.registry.commands as readonly Command<S>[]).find((c) => c.acceptsUntriggered?.(message));
      if (untriggered) return { untriggered };
    }
    if (trigger) return { line: trigger.line };
    return { silence: 'not-a-command' };
  }

  const ignored = (message: IncomingMessage, reason: SilenceReason) => events.emit({ messageId: message.id, roomId: message.roomId, kind: 'ignored', reason });

  return {
    handle(message) {
      try {
        const intercepted = deps.intercept?.(message);
        if (intercepted) {
          void intercepted.finally(() => events.emit({ messageId: message.id, roomId: message.roomId, kind: 'intercepted' }));
          return;
        }
        const routed = route(message);
        if ('silence' in routed) {
          ignored(message, routed.silence);
          return;
        }
        if (closing) {
          log.info({ msgId: message.id }, 'shutting down: command left for another replica or the next start');
          ignored(message, 'shutting-down');
          return;
        }
        const work = runPipeline(message, routed.line, routed.untriggered).finally(() => running.delete(work));
        running.add(work);
      } catch (error) {
        log.error({ err: error, msgId: message.id }, 'message could not be routed');
        ignored(message, 'unroutable');
      }
    },
    inFlight: () => running.size,
    onEvent: (listener) => events.on(listener),
    async close(deadlineMs) {
      closing = true;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
      });
      await Promise.race([Promise.allSettled([...running]), deadline]);
      clearTimeout(timer);
      return running.size;
    },
  };
}
