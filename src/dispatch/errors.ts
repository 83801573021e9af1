/**
 * The two kinds of error: UserError for known conditions (shown as they are) and everything else
 * (described by what failed, never by its stack). Every error gets a short reference id for the log.
 */
import { randomBytes } from 'node:crypto';
import { DatabaseUnreachableError } from '../db/open.js';
import { StatsUnavailableError } from '../stats/compute.js';

/** Known conditions and their message templates; `{name}` is filled from the error's params. */
const MESSAGES = {
  'unknown-command': 'Unknown command{input}.{suggestion}',
  'bad-flags': 'I could not use {flags}: `{usage}` takes {accepted}.',
  'too-long': 'That is too much text for `{usage}` ({length} characters after the command; it takes at most {max}).',
  'dm-only': '`{command}` works only in a direct message with me, because its input is private. Send it to me in a DM.',
  'permission-denied':
    'Sorry @{username}, `{command}` needs the Rocket.Chat permission `{permission}`, which none of your roles has. A workspace admin can grant it under Administration > Permissions.',
  'not-ready': '{what} is not ready yet: {reason}',
  'needs-database':
    '{what} reads Rocket.Chat’s database, and this bot runs without database access (REST-only mode). Set MONGO_URL (read-only access is enough) to use it.',
  'bot-permission':
    'The bot account lacks the Rocket.Chat permission `{permission}`, so it cannot read {what}. A workspace admin can grant it to one of the bot’s roles under Administration > Permissions.',
  'shared-dm':
    '`{command}` is not answered in a direct message with several members: some of them lack `{permission}`, and they would all read the answer. Ask me in our own direct message.',
  'slow-down': 'Slow down, @{username}: that is more commands than I answer in a minute here. I will answer again in a minute.',
} as const;

/** The codes of known conditions. */
export type UserErrorCode = keyof typeof MESSAGES;

/** A known condition whose message is shown to the user as it is. */
export class UserError extends Error {
  readonly code: UserErrorCode;
  readonly params: Readonly<Record<string, string>>;
  constructor(code: UserErrorCode, params: Record<string, string> = {}) {
    super(MESSAGES[code].replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? ''));
    this.name = 'UserError';
    this.code = code;
    this.params = params;
  }
}

/** A short id that ties a reply to its log line. */
export function referenceId(): string {
  return randomBytes(3).toString('hex');
}

/** What went wrong, in words an admin can act on; `failed` names the part that failed. */
export interface FailureDescription {
  failed: string;
  detail: string;
  /** True when waiting and asking again is the fix (database or server temporarily away). */
  transient: boolean;
}

const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
]);

/** Describes an unexpected error by what failed; the stack stays in the log. */
export function describeFailure(error: unknown): FailureDescription {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  if (err instanceof StatsUnavailableError || err instanceof DatabaseUnreachableError) {
    return {
      failed: 'Rocket.Chat’s database (MongoDB) is not answering',
      detail: `${firstLine(err.message)} I keep running and will answer again as soon as the database is back.`,
      transient: true,
    };
  }
  if (UNREACHABLE.has(err.name)) {
    return {
      failed: 'Rocket.Chat’s database (MongoDB) is unreachable',
      detail: `${err.name}: ${firstLine(err.message)}. I keep running and will answer again as soon as the database is back.`,
      transient: true,
    };
  }
  if (err.name === 'MongoOperationTimeoutError' || code === 50 || /exceeded time limit|timed out/i.test(err.message)) {
    return {
      failed: 'A database query timed out',
      detail: `${firstLine(err.message)}. The database may be overloaded; try again in a minute.`,
      transient: true,
    };
  }
  if (err.name === 'RestError') {
    return { failed: 'Rocket.Chat’s API refused a request', detail: firstLine(err.message), transient: false };
  }
  return { failed: 'Something unexpected went wrong', detail: `${err.name}: ${firstLine(err.message)}`, transient: false };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
