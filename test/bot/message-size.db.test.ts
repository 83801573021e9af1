/**
 * The bot under a lowered Message_MaxAllowedSize, set through Rocket.Chat's REST API as an admin would: the
 * emulator then refuses any longer `msg` as Rocket.Chat's executeSendMessage does, and the bot's replies must
 * still arrive, each within the limit (cards carry a short text; a reply too long for the limit is answered
 * by whatever the bot can still post, never by silence).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { answersAfter, ask, startWorld, type World } from './support/world.js';

const LIMIT = 400;
const t = await openFileDb();
let world: World;
let original: unknown;

beforeAll(async () => {
  world = await startWorld(t);
  original = (await world.admin.get<{ value: unknown }>('settings/Message_MaxAllowedSize')).value;
  await world.admin.post('settings/Message_MaxAllowedSize', { value: LIMIT });
}, 120_000);
afterAll(async () => {
  await world?.admin.post('settings/Message_MaxAllowedSize', { value: original }).catch(() => undefined);
  await world?.stop();
});

describe(`replies under Message_MaxAllowedSize = ${LIMIT}`, () => {
  test('the server now refuses a longer message from anyone', async () => {
    await expect(world.admin.send(world.seed.adminRoom._id, 'x'.repeat(LIMIT + 1))).rejects.toMatchObject({
      status: 400,
      body: { errorType: 'error-message-size-exceeded' },
    });
  });

  test('a card answer still arrives, its text within the limit', async () => {
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info usage', {
      done: (m: Message) => (m.attachments?.length ?? 0) > 0,
    });
    expect(answer.attachments?.[0]?.title).toBe('Usage');
    expect(answer.msg.length).toBeLessThanOrEqual(LIMIT);
  });

  test('the help, longer than the limit, still gets an answer, and every bot message is within the limit', async () => {
    const { answer, known } = await ask(world, world.admin, world.seed.adminRoom._id, '/info help');
    expect(answer.msg.length).toBeGreaterThan(0);
    const botMessages = answersAfter(world.room, world.seed.accounts.bot._id, known);
    expect(botMessages.length).toBeGreaterThan(0);
    for (const message of botMessages) expect(message.msg.length).toBeLessThanOrEqual(LIMIT);
  });
});
