/**
 * The "computing…" placeholder, with its delay injected: the statistics wait behind a gate the test opens, so "the
 * answer is slower than the delay" and "faster than the delay" are facts of the test, not races against the wall clock
 * on a loaded machine. The production promise (a placeholder within about a second) is measured by `npm run bench:faults`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BotDeps } from '../../src/main.js';
import { createStatsService } from '../../src/stats/create-service.js';
import { openFileDb } from '../support/db.js';
import { added, messagesBy, summary } from './support/decisions.js';
import { ask, startWorld, type World } from './support/world.js';

const t = await openFileDb();
let world: World;

/** The statistics wait for `gate` (open unless a test closes it). */
let gate: Promise<void> = Promise.resolve();
const createStats: BotDeps['createStats'] = (db, _config, log, chat) => {
  const real = createStatsService({ db: db.db, log, serverInfo: () => chat.serverInfo() });
  return {
    async get(parts, options) {
      await gate;
      return real.get(parts, options);
    },
  };
};

/** Longer than any answer in this file takes: no placeholder can be due. */
const NEVER_MS = 10 * 60_000;

beforeAll(async () => {
  world = await startWorld(t, { deps: { createStats, slowNoticeMs: NEVER_MS } });
}, 120_000);
afterAll(async () => world?.stop());

const botMessages = () => messagesBy(t.db, world.seed.adminRoom._id, world.seed.accounts.bot._id);

describe('an answer faster than the placeholder delay', () => {
  test('a fast answer posts no placeholder', async () => {
    const known = await botMessages();
    const mark = world.decisions.mark();
    const { sent, answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info usage', { done: (m) => (m.attachments?.length ?? 0) > 0 });
    expect((await world.decisions.about(mark, sent._id)).map(summary)).toEqual(['handled info usage']);
    expect(added(known, await botMessages())).toEqual([answer._id]);
    // A placeholder would have been edited into the answer: the answer was posted as it is.
    const stored = await t.db.collection('rocketchat_message').findOne({ _id: answer._id as never });
    expect(stored?.editedAt).toBeUndefined();
    expect(world.room.messages.filter((m) => m._id === answer._id).map((m) => m.msg.startsWith('⏳'))).not.toContain(true);
  });

});

describe('an answer slower than a 50 ms placeholder delay', () => {
  // The bot restarted with the short delay is this test's setup (a login and subscriptions: seconds on a loaded
  // machine), not what it checks: it is not charged to the test's own time.
  beforeAll(async () => {
    await world.restartBot({ createStats, slowNoticeMs: 50 });
  }, 120_000);

  test('"Computing…" comes first, then the cards replace it in place', async () => {
    let open = () => {};
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    try {
      const roomId = world.seed.adminRoom._id;
      const botId = world.seed.accounts.bot._id;
      const known = await botMessages();
      const seen = new Set(world.room.messages.map((m) => m._id));
      const mark = world.decisions.mark();
      const sent = await world.admin.send(roomId, '/info usage');
      // The statistics are held until the placeholder is there: the answer is slower than the delay by construction.
      const placeholder = await world.room.next((m) => m.u._id === botId && !seen.has(m._id), 15_000);
      expect(placeholder.msg).toBe('⏳ Computing…');
      open();
      const answer = await world.room.next((m) => m._id === placeholder._id && (m.attachments?.length ?? 0) > 0, 15_000);
      expect(answer.editedAt).toBeInstanceOf(Date);
      expect(answer.attachments?.[0]?.title).toBe('Usage');
      expect((await world.decisions.about(mark, sent._id)).map(summary)).toEqual(['handled info usage']);
      // The cards arrived as an edit of the placeholder (updateMessage), not as a message of their own.
      expect(added(known, await botMessages())).toEqual([placeholder._id]);
      const stored = await t.db.collection('rocketchat_message').findOne({ _id: placeholder._id as never });
      expect(stored?.msg).not.toBe('⏳ Computing…');
      expect(stored?.attachments).toEqual(answer.attachments);
    } finally {
      open();
      gate = Promise.resolve();
    }
  });
});
