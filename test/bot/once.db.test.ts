import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../src/log.js';
import { type RunningBot, startBot } from '../../src/main.js';
import { openFileDb } from '../support/db.js';
import { RcUser } from '../support/rc-user.js';
import { answersAfter, ask, settle, startWorld, TEST_LINK_TIMING, type World } from './support/world.js';

const t = await openFileDb();
let world: World;
let roomId: string;
let botId: string;
beforeAll(async () => {
  world = await startWorld(t);
  roomId = world.seed.adminRoom._id;
  botId = world.seed.accounts.bot._id;
}, 120_000);
afterAll(async () => world?.stop());

const newAnswers = (known: ReadonlySet<string>) => answersAfter(world.room, botId, known);

describe('one request, one answer', () => {
  test('the bot’s own messages are never taken as commands', async () => {
    const asBot = await RcUser.login(world.emulator.url, world.seed.accounts.bot.username, world.seed.accounts.bot.password);
    const known = new Set(world.room.messages.map((m) => m._id));
    const own = await asBot.send(roomId, '/info usage');
    await settle(2_000);
    expect(newAnswers(known).map((m) => m._id)).toEqual([own._id]);
  });

  test('editing a command that was answered does not run it again', async () => {
    const { sent, known } = await ask(world, world.admin, roomId, '/info usage', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    await world.admin.post('chat.update', { roomId, msgId: sent._id, text: '/info deployment' });
    await world.room.next((m) => m._id === sent._id && m.msg === '/info deployment');
    await settle(2_000);
    expect(newAnswers(known)).toHaveLength(1);
  });

  test('a reaction re-emits the command message; it is not answered twice', async () => {
    const { sent, known } = await ask(world, world.admin, roomId, '/info federation', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    await world.admin.post('chat.react', { emoji: ':+1:', messageId: sent._id });
    await world.room.next((m) => m._id === sent._id && m.reactions !== undefined);
    await settle(2_000);
    expect(newAnswers(known)).toHaveLength(1);
  });

  test('two replicas of the bot on the same workspace answer a command once between them', async () => {
    const lines: string[] = [];
    const second: RunningBot = await startBot(world.config, {
      log: createLogger('debug', { write: (l: string) => void lines.push(l) } as never),
      linkTiming: TEST_LINK_TIMING,
      databaseWaitMs: 0,
    });
    try {
      for (const command of ['/info usage', '/info license', '/info help']) {
        const { known } = await ask(world, world.admin, roomId, command);
        await settle(1_500);
        expect(newAnswers(known), command).toHaveLength(1);
      }
      expect(lines.join('') + world.rawLog()).toContain('another replica claimed this message');
    } finally {
      await second.stop();
    }
  });
});
