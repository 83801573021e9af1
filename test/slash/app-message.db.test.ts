/**
 * The Infobot App's `/info` arrives as a message Rocket.Chat stores for the sender: the App's message bridge converts
 * it (converters/messages.ts convertAppMessage: `u` = the sender, `tmid` = the thread, no `bot`, no App id) and sends
 * it with executeSendMessage as that user. Here the sender posts exactly that message; the bot answers it in the
 * thread and checks the sender's permission as always. End to end: emulator, real SDK, test database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWorld, type World } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import type { RcUser } from '../support/rc-user.js';

const t = await openFileDb();
let world: World;

beforeAll(async () => {
  world = await startWorld(t, { deps: { slashPollMs: 0, slowNoticeMs: 60_000 } });
}, 120_000);
afterAll(async () => world?.stop());

/** What the App's executor makes of `/info <args>` typed by `from` in a thread: `!info <args>` with the thread id. */
async function postedByApp(from: RcUser, args: string, threadId: string) {
  const botId = world.seed.accounts.bot._id;
  const known = new Set(world.room.messages.map((m) => m._id));
  const sent = await from.send(world.seed.adminRoom._id, `!info ${args}`, { tmid: threadId });
  const stored = await t.db.collection<Record<string, unknown>>('rocketchat_message').findOne({ _id: sent._id as never });
  const answer = await world.room.next((m) => m.u._id === botId && !known.has(m._id) && m.tmid === threadId, 15_000);
  return { stored, answer };
}

describe('a message the Infobot App posts on the sender’s behalf', () => {
  test('is stored as the sender’s, in the thread, with no bot mark, and answered there', async () => {
    const thread = await world.admin.send(world.seed.adminRoom._id, 'thread for the App test');
    const { stored, answer } = await postedByApp(world.admin, 'usage', thread._id);
    expect(stored).toMatchObject({ u: { _id: world.seed.accounts.admin._id }, tmid: thread._id, msg: '!info usage' });
    expect(stored?.bot).toBeUndefined();
    expect((answer.attachments ?? []).length).toBeGreaterThan(0);
  });

  test('from a user without view-statistics, it is refused as that user’s own command would be', async () => {
    const thread = await world.user.send(world.seed.adminRoom._id, 'my thread');
    const { answer } = await postedByApp(world.user, 'usage', thread._id);
    expect(answer.msg).toContain('view-statistics');
    expect(answer.attachments ?? []).toEqual([]);
  });
});
