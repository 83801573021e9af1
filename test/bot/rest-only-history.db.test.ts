/**
 * /info history in REST-only mode: the bot's own days (in INFOBOT_MONGO_URL, or without it in the data file under
 * INFOBOT_DATA_DIR), and before them Rocket.Chat's stored snapshots read through statistics.list.
 */
import { describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import { ask, WORLD_START_MS, worldPerTest } from './support/world.js';

const t = await openFileDb();
const startWorld = worldPerTest(t);

describe('/info history without database access', () => {
  test.each([
    ['with INFOBOT_MONGO_URL', true],
    ['without it (the data file)', false],
  ])('%s: today’s row is Rocket.Chat’s newest stored snapshot, marked RC', async (_name, botDatabase) => {
    const world = await startWorld({ source: 'rest', botDatabase });
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
});
