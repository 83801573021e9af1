/**
 * Security review finding 5 (a demoted admin applied a license through the bot 3 s after Rocket.Chat refused them: the
 * 30 s permission cache answered for writes too) and brief item 7 (a command's permission is one of Rocket.Chat's ids).
 * The real guard and lookup over the test database, with the bot's default 30 s cache; the real command declarations.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { defineCommand } from '../../src/dispatch/command.js';
import { UserError } from '../../src/dispatch/errors.js';
import { guard } from '../../src/dispatch/guard.js';
import { ROCKETCHAT_PERMISSIONS } from '../../src/dispatch/permission-ids.js';
import { createPermissionLookup } from '../../src/dispatch/sender-permissions.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
const users = t.db.collection<{ _id: string; username: string; roles: string[] }>('users');

beforeAll(async () => {
  await users.insertOne({ _id: 'ada', username: 'ada', roles: ['admin', 'user'] });
  await t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions').insertMany([
    { _id: 'view-statistics', roles: ['admin'] },
    { _id: 'edit-privileged-setting', roles: ['admin'] },
  ]);
});

const byName = (name: string) => {
  const command = commands.find((c) => c.name === name);
  if (!command) throw new Error(`no command ${name}`);
  return command;
};
const dm = { id: 'D1', type: 'd' };
const ada = { id: 'ada', username: 'ada' };
const refusedWith = (work: Promise<void>) => work.then(() => 'allowed', (error: unknown) => (error instanceof UserError ? error.code : String(error)));

describe('security review finding 5: write actions check permissions without the cache', () => {
  test('finding 5 (stale privilege): a demoted admin cannot apply, cancel or check a license within the cache window', async () => {
    const lookup = createPermissionLookup(t.db, { ttlMs: 30_000 });
    for (const name of ['apply', 'cancel', 'license', 'info usage']) expect(await refusedWith(guard(byName(name), ada, dm, lookup)), name).toBe('allowed');

    await users.updateOne({ _id: 'ada' }, { $set: { roles: ['user'] } });
    // Reading statistics keeps the documented 30 s cache (README): nothing changes in Rocket.Chat.
    expect(await refusedWith(guard(byName('info usage'), ada, dm, lookup))).toBe('allowed');
    for (const name of ['apply', 'cancel', 'license']) expect(await refusedWith(guard(byName(name), ada, dm, lookup)), name).toBe('permission-denied');
    // A fresh read refreshes the cache, so the demotion now holds for reading too.
    expect(await refusedWith(guard(byName('info usage'), ada, dm, lookup))).toBe('permission-denied');
  });

  test('the commands that change Rocket.Chat are exactly the ones marked as writes', () => {
    expect(commands.filter((c) => c.writes).map((c) => c.name).sort()).toEqual(['apply', 'cancel', 'license']);
  });
});

describe('brief item 7: a command’s permission is one of Rocket.Chat’s ids, or explicitly none', () => {
  test('every command states a permission Rocket.Chat defines, or none', () => {
    const known = new Set<string>(ROCKETCHAT_PERMISSIONS);
    for (const c of commands) expect(c.permission === 'none' || known.has(c.permission), `${c.name}: ${c.permission}`).toBe(true);
    for (const c of commands) for (const p of c.botPermissions ?? []) expect(known.has(p), `${c.name} bot: ${p}`).toBe(true);
  });

  test('a misspelt permission does not compile', () => {
    const typo = defineCommand({
      name: 'info typo',
      summary: 'Misspelt',
      usage: 'info typo',
      // @ts-expect-error: 'view-statistcs' is not one of Rocket.Chat's permission ids (typecheck fails if this compiles)
      permission: 'view-statistcs',
      where: 'any',
      run: async () => ({ kind: 'text', text: '' }),
    });
    expect(ROCKETCHAT_PERMISSIONS).not.toContain(typo.permission);
  });
});
