/**
 * The command contract: every command in commands/ is a plain declaration of this shape.
 * Commands never check permissions, catch errors, send or build loggers: the dispatcher does that once.
 */
import type { Logger } from 'pino';
import type { Attachment } from '../cards/attachments.js';
import type { Card } from '../cards/model.js';
import type { IncomingMessage } from '../chat/incoming.js';
import type { CommandPermission, RocketChatPermission } from './permission-ids.js';

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

/** What a command answers: text, cards, a file uploaded into the room, or a hand-built message. */
export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'cards'; cards: Card[]; text?: string }
  | { kind: 'file'; fileName: string; contentType: string; content: Buffer; description?: string }
  | { kind: 'message'; text: string; attachments: Attachment[] };

/** Parsed arguments: yargs-parser's output (positional words in `_`). */
export interface Args {
  _: string[];
  [flag: string]: unknown;
}

/** Flags a command accepts; any other flag is refused with the usage line. */
export interface FlagSpec {
  boolean?: string[];
  string?: string[];
}

/** Everything a command may use; features add their services to `services`. */
export interface CommandContext<S = unknown> {
  sender: UserRef;
  room: RoomRef;
  /** The triggering message's id (claims and dedupe key on it). */
  messageId: string;
  /** The raw message text after the command name, for commands that take free text. */
  rawArgs: string;
  /** The whole incoming message: thread, mentions, uploaded files. */
  message: IncomingMessage;
  log: Logger;
  now(): Date;
  services: S;
}

/** A command declaration; `name` may have words (`info usage`). */
export interface Command<S = unknown> {
  name: string;
  aliases?: string[];
  /** One line for help, no trailing period. */
  summary: string;
  /** Man-page style, starting with the name: `info usage [--json]`. */
  usage: string;
  /** Rocket.Chat permission the sender must hold, by Rocket.Chat's own id, or `none`: every command says which. */
  permission: CommandPermission;
  /**
   * True for commands that change Rocket.Chat (apply or drop a license): the sender's permission is read fresh from
   * Rocket.Chat's database, never from the short cache, so a demoted admin cannot act in the cache's window.
   */
  writes?: boolean;
  where: Where;
  /** True when the input may carry secrets: the dispatcher then never logs the message text. */
  sensitive?: boolean;
  flags?: FlagSpec;
  /** True when the words after the name are free text (in `rawArgs`), not a mistyped sub-command. */
  takesText?: boolean;
  /** Rocket.Chat permissions the bot account itself needs for this command; checked and logged at start. */
  botPermissions?: RocketChatPermission[];
  /**
   * For DM commands that take input without a trigger word (a pasted license, an uploaded file):
   * a direct message no trigger matched is run by the first command whose predicate accepts it.
   */
  acceptsUntriggered?(message: IncomingMessage): boolean;
  run(ctx: CommandContext<S>, args: Args): Promise<Reply | Reply[]>;
}

/** Identity function that gives a command declaration its type. */
export function defineCommand<S>(command: Command<S>): Command<S> {
  return command;
}
