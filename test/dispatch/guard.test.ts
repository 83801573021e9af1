import { describe, expect, test } from 'vitest';
import { type Command, defineCommand, type RoomRef } from '../../src/dispatch/command.js';
import { UserError } from '../../src/dispatch/errors.js';
import { guard } from '../../src/dispatch/guard.js';

const run = async () => ({ kind: 'text' as const, text: 'ok' });
const usage = defineCommand({ name: 'info usage', summary: 'Usage', usage: 'info usage', permission: 'view-statistics', where: 'any', run });
const apply = defineCommand({ name: 'license apply', summary: 'Apply', usage: 'license apply', permission: 'edit-privileged-setting', where: 'dm', run });
const help = defineCommand({ name: 'help', summary: 'Help', usage: 'help', permission: 'none', where: 'any', run });

const lookup = (granted: Record<string, string[]>) => ({ holds: async (user: string, permission: string) => (granted[user] ?? []).includes(permission) });
const perms = lookup({ ada: ['view-statistics', 'edit-privileged-setting'], bob: [] });
const room = { id: 'r1', type: 'p', name: 'infobot-admin' };
const dm = { id: 'adabot', type: 'd' };

async function verdict(command: Command, user: string, where: RoomRef = room): Promise<string> {
  try {
    await guard(command, { id: user, username: user }, where, perms);
    return 'allowed';
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
}

describe('who may run what, where', () => {
  test.each([
    [usage, 'ada', room, 'allowed'],
    [usage, 'ada', dm, 'allowed'],
    [help, 'bob', room, 'allowed'],
    [apply, 'ada', dm, 'allowed'],
  ])('%#: %s by %s is allowed', async (command, user, where, expected) => {
    expect(await verdict(command, user, where)).toBe(expected);
  });

  test('a non-admin asking for usage is told which permission is missing', async () => {
    expect(await verdict(usage, 'bob')).toBe(
      'Sorry @bob, `/info usage` needs the Rocket.Chat permission `view-statistics`, which none of your roles has. A workspace admin can grant it under Administration > Permissions.',
    );
  });

  test('a DM-only command in a room is refused before any permission lookup, even for an admin', async () => {
    expect(await verdict(apply, 'ada', room)).toMatch(/works only in a direct message/);
  });
});
