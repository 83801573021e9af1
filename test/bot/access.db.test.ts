import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { added, messagesBy, outcome, summary } from './support/decisions.js';
import { ask, startWorld, type World } from './support/world.js';

const t = await openFileDb();
let world: World;
let roomId: string;
/** The bot's clock: real time plus what a test skips ahead (the permission cache expires by it). */
let skipped = 0;
const PERMISSION_TTL_MS = 30_000;
beforeAll(async () => {
  world = await startWorld(t, { deps: { permissionTtlMs: PERMISSION_TTL_MS, now: () => new Date(Date.now() + skipped) } });
  roomId = world.seed.adminRoom._id;
}, 120_000);
afterAll(async () => world?.stop());

const refusal = 'Sorry @user, `/info usage` needs the Rocket.Chat permission `view-statistics`, which none of your roles has.';

describe('who may ask', () => {
  test('a user without view-statistics gets the refusal naming the permission, and nothing else', async () => {
    const botId = world.seed.accounts.bot._id;
    const known = await messagesBy(t.db, roomId, botId);
    const mark = world.decisions.mark();
    const { answer, sent } = await ask(world, world.user, roomId, '/info usage');
    expect(answer.msg.startsWith(refusal)).toBe(true);
    expect(answer.attachments ?? []).toEqual([]);
    const [decision] = await world.decisions.about(mark, sent._id);
    expect(decision && outcome(decision)).toEqual({ kind: 'refused', code: 'permission-denied' });
    expect(added(known, await messagesBy(t.db, roomId, botId))).toEqual([answer._id]);
  });

  test('the same refusal in a DM, for every statistics command', async () => {
    const dm = await world.user.dm(world.seed.accounts.bot.username);
    const watch = await world.user.watch(dm);
    try {
      for (const command of ['info', 'info download', 'info refresh']) {
        const { answer } = await ask(world, world.user, dm, command, { watch });
        expect(answer.msg).toContain(`\`/${command}\` needs the Rocket.Chat permission \`view-statistics\``);
        expect(answer.file).toBeUndefined();
        expect(answer.attachments ?? []).toEqual([]);
      }
    } finally {
      watch.close();
    }
  });

  test('help shows such a user only what they may run', async () => {
    const { answer } = await ask(world, world.user, roomId, '/info help');
    expect(answer.msg).toContain('`/info help`');
    expect(answer.msg).not.toContain('`/info usage`');
    expect(answer.msg).toMatch(/more commands need the Rocket\.Chat permission `view-statistics`/);
  });

  test('a custom role granted view-statistics lets its holder in, once the short cache expires', async () => {
    const permissions = t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions');
    const users = t.db.collection<{ _id: string; roles: string[] }>('users');
    const before = await permissions.findOne({ _id: 'view-statistics' });
    const userId = world.seed.accounts.user._id;
    const decided = async (text: string) => {
      const mark = world.decisions.mark();
      const sent = await world.user.send(roomId, text);
      return (await world.decisions.about(mark, sent._id)).map(summary);
    };
    // The cache starts fresh: whatever earlier tests left in it has expired by the bot's clock.
    skipped += PERMISSION_TTL_MS;
    expect(await decided('/info usage')).toEqual(['refused permission-denied']);
    await permissions.updateOne({ _id: 'view-statistics' }, { $addToSet: { roles: 'stats-reader' } });
    await users.updateOne({ _id: userId }, { $addToSet: { roles: 'stats-reader' } });
    try {
      // Within the cache's lifetime the old roles still answer; past it, the new role lets the user in.
      expect(await decided('/info usage')).toEqual(['refused permission-denied']);
      skipped += PERMISSION_TTL_MS;
      const { answer } = await ask(world, world.user, roomId, '/info usage', { done: (m: Message) => (m.attachments?.length ?? 0) > 0 });
      expect(answer.attachments?.[0]?.title).toBe('Usage');
    } finally {
      await permissions.updateOne({ _id: 'view-statistics' }, { $set: { roles: before?.roles ?? ['admin'] } });
      await users.updateOne({ _id: userId }, { $pull: { roles: 'stats-reader' } });
    }
  });
});
