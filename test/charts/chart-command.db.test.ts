/**
 * `/info history --chart` end to end: the real bot against the emulator, Rocket.Chat's own statistics snapshots
 * seeded for the last 60 days, the chart uploaded as a PNG into the room, fetched back over HTTP and decoded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PALETTE } from '../../src/charts/render.js';
import { RC_STATISTICS_COLLECTION } from '../../src/history/rc-statistics.js';
import { ask, startWorld, type World } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import { decodePng, inkShare, meanY, pixelsOf } from './png.js';

const t = await openFileDb();
const NOW = new Date('2026-03-31T12:00:00Z');
let world: World;

/** 60 days of Rocket.Chat snapshots: users growing steadily, messages falling away. */
function rcSnapshots() {
  return Array.from({ length: 60 }, (_, k) => ({
    createdAt: new Date(NOW.getTime() - (59 - k) * 86_400_000 - 3_600_000),
    version: '7.10.0',
    totalUsers: 100 + k * 10,
    activeUsers: 80 + k * 8,
    totalRooms: 30 + k,
    totalMessages: 5000 + k * (200 - k * 3),
    uploadsTotal: 10 + k,
    uploadsTotalSize: (k + 1) * 1_000_000,
  }));
}

beforeAll(async () => {
  world = await startWorld(t, {
    deps: { now: () => NOW },
    beforeBot: async () => {
      await t.db.collection(RC_STATISTICS_COLLECTION).deleteMany({});
      await t.db.collection(RC_STATISTICS_COLLECTION).insertMany(rcSnapshots());
    },
  });
});
afterAll(() => world?.stop());

async function chart(command: string): Promise<{ title: string; png: Buffer }> {
  const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, command, { done: (m) => m.file !== undefined, timeoutMs: 30_000 });
  const attachment = answer.attachments?.[0] as { title: string; title_link: string };
  const response = await fetch(`${world.emulator.url}${attachment.title_link}`, {
    headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('image/png');
  return { title: attachment.title, png: Buffer.from(await response.arrayBuffer()) };
}

describe('/info history --chart', () => {
  test('uploads a PNG of the users over the days asked, read from Rocket.Chat’s own snapshots', async () => {
    const users = await chart('/info history --chart users --days 60');
    expect(users.title).toBe('users-60d-2026-03-31.png');
    const image = decodePng(users.png);
    expect([image.width, image.height]).toEqual([900, 330]);
    expect(inkShare(image)).toBeGreaterThan(0.01);
    // Users grow: the series' pixels sit higher on the right half than on the left.
    const total = meanY(pixelsOf(image, PALETTE[0]), 450);
    expect(total.right).toBeLessThan(total.left - 20);

    // Messages per day fall (the seeded total grows by less each day): the opposite picture.
    const messages = decodePng((await chart('/info history --chart messages --days 60')).png);
    const perDay = meanY(pixelsOf(messages, PALETTE[0]), 450);
    expect(perDay.left).toBeLessThan(perDay.right - 20);
  });

  test('a chart kind it does not know is refused with the usage', async () => {
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info history --chart weather');
    expect(answer.msg).toContain('users, messages, rooms, uploads, seats');
  });

  test('the table marks the days read from Rocket.Chat', async () => {
    const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info history --days 3', { done: (m) => m.msg.startsWith('Daily snapshots') });
    expect(answer.msg).toContain('(3 of the last 3 days)');
    expect(answer.msg.match(/ RC\n/g)?.length).toBe(3);
  });
});
