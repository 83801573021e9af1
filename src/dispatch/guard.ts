/**
 * May this sender run this command here? Where (DM-only commands) first, then the Rocket.Chat
 * permission. A refusal names what is missing and carries no data.
 */
import type { Command, RoomRef, UserRef } from './command.js';
import { UserError } from './errors.js';
import type { PermissionLookup } from './sender-permissions.js';

/** Throws UserError (dm-only, permission-denied) when the sender may not run the command here. */
export async function guard(command: Command<unknown>, sender: UserRef, room: RoomRef, permissions: PermissionLookup): Promise<void> {
  if (command.where === 'dm' && room.type !== 'd') {
    throw new UserError('dm-only', { command: `/${command.name}` });
  }
  if (command.permission !== 'none' && !(await permissions.holds(sender.id, command.permission, { fresh: command.writes === true }))) {
    throw new UserError('permission-denied', { username: sender.username, command: `/${command.name}`, permission: command.permission });
  }
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
