/**
 * Security review findings 8 and 9: no brake on floods or on loops with other bots, and silence for a file the bot
 * cannot read. The real bot, SDK and emulator; "nothing happened" is the dispatcher's decision about the message
 * (src/dispatch/events.ts), awaited, then a count of the bot's messages in Rocket.Chat's database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBrakes } from '../../src/dispatch/brakes.js';
import { summary } from '../bot/support/decisions.js';
import { openFileDb } from '../support/db.js';
import { answerTo, type Conversation, type LicenseWorld, startLicenseWorld, upload } from '../license-flow/support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;
let admin: Conversation;

beforeAll(async () => {
  // One command a minute per user, so three in a row cross the limit (the counting itself: test/dispatch/brakes.test.ts).
  lw = await startLicenseWorld(t, { brakes: createBrakes({ user: { max: 1, windowMs: 60_000 }, room: { max: 100, windowMs: 60_000 } }) });
  admin = await lw.conversation(lw.world.admin);
}, 120_000);
afterAll(async () => lw?.stop());

const botMessages = (roomId: string) => t.db.collection('rocketchat_message').countDocuments({ rid: roomId, 'u._id': lw.botId });

describe('security review finding 9: a file the bot cannot read gets the reason', () => {
  test('finding 9 (silence): a .pdf uploaded to the bot’s DM is answered: licenses are read from .txt files', async () => {
    const answer = await answerTo(admin, lw.botId, () => upload(lw.world.admin, admin.roomId, 'license.pdf', '%PDF-1.4 not a license', 'application/pdf'));
    expect(answer.msg).toMatch(/I read licenses from `\.txt` files only/);
  });
});

describe('security review finding 8: brakes', () => {
  test('finding 8 (loop): a bot-role user’s command is not answered, so two bots cannot ping-pong', async () => {
    const echo = await lw.newUser('echobot', ['bot']);
    const c = await lw.conversation(echo);
    const before = await botMessages(c.roomId);
    const mark = lw.world.decisions.mark();
    const sent = await echo.send(c.roomId, 'info help');
    expect((await lw.world.decisions.about(mark, sent._id)).map(summary)).toEqual(['ignored bot']);
    expect(await botMessages(c.roomId)).toBe(before);
  });

  test('finding 8 (flood): over the per-user rate one short “slow down”, then silence', async () => {
    const flooder = await lw.conversation(await lw.newUser('flooder', ['user']));
    const roomId = flooder.roomId;
    const before = await botMessages(roomId);
    const mark = lw.world.decisions.mark();
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await flooder.user.send(roomId, 'info help'));
    const decisions = await Promise.all(sent.map((m) => lw.world.decisions.about(mark, m._id)));
    expect(decisions.map(([d]) => (d ? summary(d) : ''))).toEqual(['handled info help', 'refused slow-down', 'ignored rate-limited']);
    expect(await botMessages(roomId)).toBe(before + 2);
    const last = await t.db.collection('rocketchat_message').find({ rid: roomId, 'u._id': lw.botId }).sort({ ts: -1 }).limit(1).toArray();
    expect(last[0]?.msg).toMatch(/^Slow down, @flooder/);
  });
});
