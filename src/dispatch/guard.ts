/**
 * May this sender run this command here? Where (DM-only commands) first, then the Rocket.Chat
 * permission. A refusal names what is missing and carries no data.
 */
import type { Command, RoomRef, UserRef } from './command.js';
import { UserError } from './errors.js';
import type { PermissionLookup } from './sender-permissions.js';

/**
 * The members of a direct message other than the bot, by user id; undefined when Rocket.Chat does not say (then the
 * count of members, when known, is all there is).
 */
export type DirectMembers = (roomId: string) => Promise<{ ids?: readonly string[]; count?: number }>;

/**
 * Throws UserError (dm-only, permission-denied, shared-dm) when the sender may not run the command here. A direct
 * message with more members than the sender and the bot is shared: its answer would reach every member, so a command
 * that needs a permission is refused there unless every other member holds that permission too (security review
 * finding 7). The license check has its own rule for such rooms (it warns the sender in private), so `sensitive`
 * commands are left to it.
 */
export async function guard(command: Command<unknown>, sender: UserRef, room: RoomRef, permissions: PermissionLookup, members?: DirectMembers): Promise<void> {
  if (command.where === 'dm' && room.type !== 'd') {
    throw new UserError('dm-only', { command: `/${command.name}` });
  }
  if (command.permission === 'none') return;
  if (!(await permissions.holds(sender.id, command.permission, { fresh: command.writes === true }))) {
    throw new UserError('permission-denied', { username: sender.username, command: `/${command.name}`, permission: command.permission });
  }
  if (room.type !== 'd' || command.sensitive || !members) return;
  const { ids, count } = await members(room.id);
  const others = ids?.filter((id) => id !== sender.id);
  const shared = others ? others.length > 0 : (count ?? 2) > 2;
  if (!shared) return;
  const permission = command.permission;
  const allMayRead = others !== undefined && (await Promise.all(others.map((id) => permissions.holds(id, permission)))).every(Boolean);
  if (!allMayRead) throw new UserError('shared-dm', { command: `/${command.name}`, permission });
}

/** Splits commands into those the sender may run and those hidden for lack of a permission. */
export async function partitionByAccess<C extends Command<unknown>>(
  commands: readonly C[],
  sender: UserRef,
  permissions: PermissionLookup,
): Promise<{ allowed: C[]; hidden: C[] }> {
  const verdicts = await Promise.all(commands.map((c) => (c.permission === 'none' ? true : permissions.holds(sender.id, c.permission))));
  return {
    allowed: commands.filter((_, i) => verdicts[i]),
    hidden: commands.filter((_, i) => !verdicts[i]),
  };
}
