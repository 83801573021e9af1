/**
 * The first stages: messages the bot never acts on, and rooms it listens in. Pure.
 */
import type { IncomingMessage } from '../chat/incoming.js';

/** Why a message is ignored before anything else looks at it, or undefined when it is a candidate. */
export type IgnoreReason = 'own' | 'system' | 'bot' | 'edited';

/**
 * Own messages would loop; system messages (joins, topic changes) and other bots' messages are not
 * requests; an edit re-emits a message already seen, and re-running a command on an edit surprises.
 */
export function ignoreReason(message: IncomingMessage, botUserId: string): IgnoreReason | undefined {
  if (message.sender.id === botUserId) return 'own';
  if (message.systemType) return 'system';
  if (message.fromBot) return 'bot';
  if (message.editedAt) return 'edited';
  return undefined;
}

/** Where a message sits relative to the rooms the bot serves. */
export type Venue = 'direct' | 'listened' | 'not-joined' | 'elsewhere';

/** DMs and the configured rooms (by id or name, names case-insensitive) are served; the rest is silence. */
export function venueOf(message: IncomingMessage, rooms: readonly string[]): Venue {
  if (message.roomType === 'd') return 'direct';
  const name = message.roomName?.toLowerCase();
  const configured = rooms.some((r) => r === message.roomId || (name !== undefined && r.toLowerCase() === name));
  if (!configured) return 'elsewhere';
  // Rocket.Chat streams public channels the bot can read but has not joined; it could not answer there.
  return message.roomParticipant ? 'listened' : 'not-joined';
}
