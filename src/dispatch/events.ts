/**
 * What the dispatcher decided about each message, as events. Every message handed to the dispatcher ends in exactly
 * one event, emitted once the decision is final (for an answer: after it was posted). Tests await "the bot decided
 * not to answer" here instead of sleeping; the log keeps its own lines.
 */
import type { UserErrorCode } from './errors.js';
import type { IgnoreReason } from './filter.js';

/** Why a message got no answer at all. */
export type SilenceReason =
  | IgnoreReason
  /** Seen before in this process (a reaction, pin or reconnect re-emits a message). */
  | 'duplicate'
  /** In a room the bot does not serve (neither a DM nor INFOBOT_ROOMS). */
  | 'room-not-served'
  /** In a served room the bot has not joined, so it could not answer there. */
  | 'room-not-joined'
  /** Not addressed to the bot. */
  | 'not-a-command'
  /** Another replica claimed the message and answers it. */
  | 'claimed-by-other-replica'
  /** Arrived while the bot was stopping; left for another replica or the next start. */
  | 'shutting-down'
  /** Routing threw (logged as "message could not be routed"). */
  | 'unroutable'
  /** Over the per-user or per-room rate, after the one "slow down" reply (brakes.ts). */
  | 'rate-limited';

/** What became of one message. */
export type DispatchOutcome =
  | { kind: 'ignored'; reason: SilenceReason }
  /** Taken by the interceptor (the license leak guard), which has finished with it. */
  | { kind: 'intercepted' }
  /** Answered with a known condition's text (permission, DM-only, unknown command, bad flags, not ready). */
  | { kind: 'refused'; code: UserErrorCode }
  /** Answered by the command. */
  | { kind: 'handled'; command: string }
  /** Answered with an error card. */
  | { kind: 'failed'; ref: string }
  /** An answer was due but could not be posted. */
  | { kind: 'undelivered' };

/** The decision about one message. */
export type DispatchEvent = { messageId: string; roomId: string } & DispatchOutcome;

/** Receives every decision. A listener that throws is ignored: it cannot break the dispatcher. */
export type DispatchListener = (event: DispatchEvent) => void;

/** A minimal typed emitter: subscribe, unsubscribe, emit. */
export function createDispatchEvents(): { on(listener: DispatchListener): () => void; emit(event: DispatchEvent): void } {
  const listeners = new Set<DispatchListener>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A listener is an observer; its failure is not the message's.
        }
      }
    },
  };
}
