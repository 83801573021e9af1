/**
 * The start-up self-check: does the bot account hold the Rocket.Chat permissions its commands need, and
 * can it see the rooms it should listen in? Each gap is one log line naming it and the fix; nothing stops.
 */
import type { Logger } from 'pino';
import type { ChatApi } from './chat-api.js';

/** A permission the bot account needs, and for what. */
export interface BotRequirement {
  permission: string;
  neededBy: string;
}

/** What the check found; also logged. */
export interface SelfCheckResult {
  missingPermissions: BotRequirement[];
  unknownRooms: string[];
}

/** Merges requirements by permission, joining what needs them. */
export function mergeRequirements(requirements: readonly BotRequirement[]): BotRequirement[] {
  const byPermission = new Map<string, string[]>();
  for (const r of requirements) byPermission.set(r.permission, [...(byPermission.get(r.permission) ?? []), r.neededBy]);
  return [...byPermission].map(([permission, users]) => ({ permission, neededBy: [...new Set(users)].join(', ') }));
}

/** Checks permissions and rooms; never throws (a failed check is itself logged). */
export async function selfCheck(chat: ChatApi, requirements: readonly BotRequirement[], rooms: readonly string[], log: Logger): Promise<SelfCheckResult> {
  const result: SelfCheckResult = { missingPermissions: [], unknownRooms: [] };
  const needed = mergeRequirements(requirements);
  try {
    const held = await chat.ownPermissions();
    for (const need of needed) {
      if (held.has(need.permission)) continue;
      result.missingPermissions.push(need);
      log.warn(
        { permission: need.permission, neededBy: need.neededBy },
        `bot account lacks Rocket.Chat permission "${need.permission}" (needed by: ${need.neededBy}): grant it to one of the bot's roles under Administration > Permissions`,
      );
    }
    if (result.missingPermissions.length === 0) log.info({ permissions: needed.map((n) => n.permission) }, 'bot account holds every permission it needs');
  } catch (error) {
    log.warn({ err: error }, 'could not check the bot account’s permissions (GET me, permissions.listAll)');
  }
  for (const room of rooms) {
    try {
      await chat.findRoom(room);
    } catch (error) {
      result.unknownRooms.push(room);
      log.warn(
        { room, err: error },
        `INFOBOT_ROOMS names "${room}", which the bot cannot see: create the room and invite the bot, or fix INFOBOT_ROOMS`,
      );
    }
  }
  return result;
}
