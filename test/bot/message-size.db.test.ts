/**
 * The bot under a lowered Message_MaxAllowedSize, set through Rocket.Chat's REST API as an admin would: the
 * emulator then refuses any longer `msg` as Rocket.Chat's executeSendMessage does
 * (apps/meteor/app/lib/server/methods/sendMessage.ts), and a reply longer than the limit arrives in several
 * messages, in order, each within the limit, nothing left out. In both modes: the bot reads the setting over REST.
 * The bot keeps the value it read for a minute: here it still holds Rocket.Chat's default when the limit is lowered,
 * so its first piece is refused, and it must read the setting again and split to the new limit.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { added, messagesBy } from './support/decisions.js';
import { ask, BOT_SOURCES, latest, startWorld, type World } from './support/world.js';

// Low enough that the help needs several messages (at least three), high enough that it needs few: each is a send
// Rocket.Chat stores and streams, about a second each on FerretDB under load (at 300 it needed seven or more).
const LIMIT = 1_000;
const t = await openFileDb();

describe.each(BOT_SOURCES)(`finding 9 (replies sized to the server): replies under Message_MaxAllowedSize = ${LIMIT}, the bot reading from %s`, (source) => {
  let world: World;
  /** `/info help` as the bot answers it under Rocket.Chat's default limit, where it fits one message. */
  let unsplit: Message[];

  /** Sends `text` as the admin and, once the bot has decided on it, every message it posted for it, in order of arrival. */
  async function answerOf(text: string): Promise<Message[]> {
    const roomId = world.seed.adminRoom._id;
    const botId = world.seed.accounts.bot._id;
    // An earlier answer that came too late for its test is waited out first, so its pieces are not counted as this one's.
    await world.decisions.settled();
    const before = await messagesBy(t.db, roomId, botId);
    const mark = world.decisions.mark();
    const sent = await world.admin.send(roomId, text);
    const [decision] = await world.decisions.about(mark, sent._id).catch((error: unknown) => {
      world.decisions.track(sent._id);
      throw error;
    });
    expect(decision?.kind).toBe('handled');
    const ids = added(before, await messagesBy(t.db, roomId, botId));
    // The decision comes once every piece is stored in its final text; under load a placeholder (posted after 1 s)
    // reaches the stream before its edit, so each piece is awaited in the version the database holds.
    const stored = await t.db
      .collection<{ _id: string; msg: string }>('rocketchat_message')
      .find({ _id: { $in: ids } }, { projection: { msg: 1 } })
      .toArray();
    const finalText = new Map(stored.map((d) => [String(d._id), d.msg]));
    for (const id of ids) await world.room.next((m) => m._id === id && m.msg === finalText.get(id));
    return latest(world.room).filter((m) => ids.includes(m._id));
  }

  beforeAll(async () => {
    // The value read for the first answer is kept all through the file, however slow the machine.
    world = await startWorld(t, { source, deps: { messageLimitTtlMs: 60 * 60_000 } });
    unsplit = await answerOf('/info help');
    await world.admin.post('settings/Message_MaxAllowedSize', { value: LIMIT });
  }, 120_000);
  afterAll(async () => {
    await world?.stop();
    // The other mode seeds its own workspace (and settings) into the file's database.
    await t.db.dropDatabase();
  });

  test('under the default limit the help is one message, longer than the lowered limit', () => {
    expect(unsplit).toHaveLength(1);
    expect(unsplit[0]?.msg.length).toBeGreaterThan(2 * LIMIT);
  });

  test('the server now refuses a longer message from anyone', async () => {
    await expect(world.admin.send(world.seed.adminRoom._id, 'x'.repeat(LIMIT + 1))).rejects.toMatchObject({
      status: 400,
      body: { errorType: 'error-message-size-exceeded' },
    });
  });

  test('the help arrives complete across several messages, each within the limit, after one refusal under the kept limit', async () => {
    const from = world.logs.length;
    const pieces = await answerOf('/info help');
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.msg.length).toBeLessThanOrEqual(LIMIT);
    expect(pieces.map((m) => m.msg).join('\n')).toBe(unsplit[0]?.msg);
    const logs = world.logs.slice(from);
    expect(logs.filter((l) => l.msg === 'Message_MaxAllowedSize was lowered; splitting the answer to the new limit')).toMatchObject([{ was: 5000, now: LIMIT }]);
    // A send that failed for good would surface as an error in the bot's log; there is none.
    expect(logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  test('the next answer is split to the new limit at once, none refused', async () => {
    const from = world.logs.length;
    const pieces = await answerOf('/info help');
    expect(pieces.map((m) => m.msg).join('\n')).toBe(unsplit[0]?.msg);
    for (const piece of pieces) expect(piece.msg.length).toBeLessThanOrEqual(LIMIT);
    expect(world.logs.slice(from).filter((l) => String(l.msg).startsWith('Message_MaxAllowedSize was lowered'))).toEqual([]);
  });

  test('a card answer still arrives, its text within the limit', async () => {
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info usage', {
      done: (m: Message) => (m.attachments?.length ?? 0) > 0,
    });
    expect(answer.attachments?.[0]?.title).toBe('Usage');
    expect(answer.msg.length).toBeLessThanOrEqual(LIMIT);
  });
});
