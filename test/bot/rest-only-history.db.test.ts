/**
 * /info history in REST-only mode: with INFOBOT_MONGO_URL the bot's own days, and before them Rocket.Chat's stored
 * snapshots read through statistics.list; without it, one line saying the history needs the bot's own database.
 */
import { describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import { ask, WORLD_START_MS, worldPerTest } from './support/world.js';

const t = await openFileDb();
const startWorld = worldPerTest(t);

describe('/info history without database access', () => {
  test('with INFOBOT_MONGO_URL: today’s row is Rocket.Chat’s newest stored snapshot, marked RC', async () => {
    const world = await startWorld({ source: 'rest', botDatabase: true });
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info history --days 3');
    const today = new Date().toISOString().slice(0, 10);
    const docs = await t.db.collection('rocketchat_statistics').find({}).toArray();
    const newest = docs
      .filter((d) => (d.createdAt as Date).toISOString().slice(0, 10) === today)
      .sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime())[0];
    if (!newest) throw new Error('Rocket.Chat stored no snapshot today');
    const row = answer.msg.split('\n').find((line) => line.includes(today));
    expect(row, answer.msg).toBeDefined();
    expect(row).toContain(String(newest.totalUsers));
    expect(row).toMatch(/RC\s*\|?\s*$/);
  }, WORLD_START_MS);

  test('without INFOBOT_MONGO_URL: one line saying the history needs the bot’s own database', async () => {
    const world = await startWorld({ source: 'rest' });
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info history');
    expect(answer.msg).toBe(
      'The history keeps its data in the bot’s own MongoDB database, and this bot keeps only a file (REST-only mode without INFOBOT_MONGO_URL). Set INFOBOT_MONGO_URL to use it.',
    );
  }, WORLD_START_MS);
});
