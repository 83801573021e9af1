/**
 * The command contract: every command in commands/ is a plain declaration of this shape.
 * Commands never check permissions, catch errors, send or build loggers: the dispatcher does that once.
 */
import type { Logger } from 'pino';
import type { Card } from '../cards/model.js';

/** Where a command may be used: anywhere the bot listens, or only in a DM with the bot. */
export type Where = 'any' | 'dm';

/** The room a command came from. */
export interface RoomRef {
  id: string;
  /** Rocket.Chat room type: c channel, p private group, d direct, l livechat. */
  type: string;
  name?: string;
}

/** The user who sent the command. */
export interface UserRef {
  id: string;
  username: string;
}

/** What a command answers: text, cards, or a file uploaded into the room. */
export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'cards'; cards: Card[]; text?: string }
  | { kind: 'file'; fileName: string; contentType: string; content: Buffer; description?: string };

/** Parsed arguments: yargs-parser's output (positional words in `_`). */
export interface Args {
  _: string[];
  [flag: string]: unknown;
}

/** Everything a command may use; features add their services to `services`. */
export interface CommandContext<S = unknown> {
  sender: UserRef;
  room: RoomRef;
  /** The triggering message's id (claims and dedupe key on it). */
  messageId: string;
  /** The raw message text after the trigger word, for commands that take free text. */
  rawArgs: string;
  log: Logger;
  now(): Date;
  services: S;
}

/** A command declaration; `name` may have words (`info usage`). */
export interface Command<S = unknown> {
  name: string;
  aliases?: string[];
  summary: string;
  usage: string;
  /** Rocket.Chat permission the sender must hold, by Rocket.Chat's own name. */
  permission?: string;
  where: Where;
  /** True when the input may carry secrets: the dispatcher then never logs the message text. */
  sensitive?: boolean;
  run(ctx: CommandContext<S>, args: Args): Promise<Reply | Reply[]>;
}
