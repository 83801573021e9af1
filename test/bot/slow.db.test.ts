import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStatsService } from '../../src/stats/create-service.js';
import { openFileDb } from '../support/db.js';
import { ask, latest, settle, startWorld, type World } from './support/world.js';

const t = await openFileDb();
let world: World;
beforeAll(async () => {
  world = await startWorld(t, {
    deps: {
      // A workspace whose statistics take 1.5 s, as large ones do.
      createStats: (db, _config, log, chat) => {
        const real = createStatsService({ db: db.db, log, serverInfo: () => chat.serverInfo() });
        return {
          async get(parts, options) {
            await new Promise((resolve) => setTimeout(resolve, 1_500));
            return real.get(parts, options);
          },
        };
      },
    },
  });
}, 120_000);
afterAll(async () => world?.stop());

describe('an answer that takes more than a second', () => {
  test('"Computing…" comes first, then the cards replace it in place', async () => {
    const botId = world.seed.accounts.bot._id;
    const { answer, known } = await ask(world, world.admin, world.seed.adminRoom._id, '/info usage', {
      done: (m) => (m.attachments?.length ?? 0) > 0,
    });
    const versions = world.room.messages.filter((m) => m.u._id === botId && !known.has(m._id));
    const placeholder = versions[0];
    expect(placeholder?.msg).toBe('⏳ Computing…');
    // The cards arrive as an edit of the placeholder (updateMessage), not as a message of their own.
    expect(answer._id).toBe(placeholder?._id);
    expect(answer.editedAt).toBeInstanceOf(Date);
    expect(answer.attachments?.[0]?.title).toBe('Usage');
    await settle(1_000);
    const botMessages = latest(world.room).filter((m) => m.u._id === botId && !known.has(m._id));
    expect(botMessages.map((m) => m._id)).toEqual([placeholder?._id]);
    const [stored] = await world.t.db.collection('rocketchat_message').find({ _id: placeholder?._id as never }).toArray();
    expect(stored?.msg).not.toBe('⏳ Computing…');
    expect(stored?.attachments).toEqual(answer.attachments);
  });

  test('a fast answer posts no placeholder', async () => {
    const botId = world.seed.accounts.bot._id;
    const { known } = await ask(world, world.admin, world.seed.adminRoom._id, '/info help');
    await settle(1_500);
    expect(world.room.messages.filter((m) => m.u._id === botId && !known.has(m._id) && m.msg.startsWith('⏳'))).toEqual([]);
  });
});
