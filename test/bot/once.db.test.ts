import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/log.js';
import { type RunningBot, startBot } from '../../src/main.js';
import { openFileDb } from '../support/db.js';
import { RcUser } from '../support/rc-user.js';
import { added, messagesBy, outcome, summary } from './support/decisions.js';
import { ask, TEST_LINK_TIMING, worldFor } from './support/world.js';

const t = await openFileDb();
const world = worldFor(t);
const adminRoom = () => world.seed.adminRoom._id;
const botId = () => world.seed.accounts.bot._id;

/** The bot's messages in the room, from Rocket.Chat's database. */
const botMessages = () => messagesBy(t.db, adminRoom(), botId());

describe('one request, one answer', () => {
  test('the bot’s own messages are never taken as commands', async () => {
    const asBot = await RcUser.login(world.emulator.url, world.seed.accounts.bot.username, world.seed.accounts.bot.password);
    const known = await botMessages();
    const mark = world.decisions.mark();
    const own = await asBot.send(adminRoom(), '/info usage');
    const [decision] = await world.decisions.about(mark, own._id);
    expect(decision && outcome(decision)).toEqual({ kind: 'ignored', reason: 'own' });
    expect(added(known, await botMessages())).toEqual([own._id]);
  });

  test('editing a command that was answered does not run it again', async () => {
    const known = await botMessages();
    const mark = world.decisions.mark();
    const { sent } = await ask(world, world.admin, adminRoom(), '/info usage', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    await world.admin.post('chat.update', { roomId: adminRoom(), msgId: sent._id, text: '/info deployment' });
    // The edit can arrive before the answer's delivery returned: the two decisions come in either order.
    const decisions = await world.decisions.about(mark, sent._id, 2);
    expect(decisions.map(summary).sort()).toEqual(['handled info usage', 'ignored edited']);
    expect(added(known, await botMessages())).toHaveLength(1);
  });

  test('a reaction re-emits the command message; it is not answered twice', async () => {
    const known = await botMessages();
    const mark = world.decisions.mark();
    const { sent } = await ask(world, world.admin, adminRoom(), '/info federation', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    await world.admin.post('chat.react', { emoji: ':+1:', messageId: sent._id });
    const decisions = await world.decisions.about(mark, sent._id, 2);
    expect(decisions.map(summary).sort()).toEqual(['handled info federation', 'ignored duplicate']);
    expect(added(known, await botMessages())).toHaveLength(1);
  });

  test('two replicas of the bot on the same workspace answer a command once between them', async () => {
    const lines: string[] = [];
    const second: RunningBot = await startBot(world.config, {
      log: createLogger('debug', { write: (l: string) => void lines.push(l) } as never),
      linkTiming: TEST_LINK_TIMING,
      databaseWaitMs: 0,
    });
    world.decisions.watch(second.dispatcher);
    try {
      for (const command of ['/info usage', '/info license', '/info help']) {
        const known = await botMessages();
        const mark = world.decisions.mark();
        const sent = await world.admin.send(adminRoom(), command);
        const decisions = await world.decisions.about(mark, sent._id, 2);
        expect(decisions.map(summary).sort(), command).toEqual([`handled ${command.slice(1)}`, 'ignored claimed-by-other-replica']);
        expect(added(known, await botMessages()), command).toHaveLength(1);
      }
      expect(lines.join('') + world.rawLog()).toContain('another replica claimed this message');
    } finally {
      await second.stop();
    }
  });
});
