/**
 * The same conversations with the bot in its two modes (issue 18): reading Rocket.Chat's database, and REST-only with
 * no database URL at all (figures are Rocket.Chat's own statistics snapshot, sender permissions come from users.info
 * and permissions.listAll, the bot's data is in INFOBOT_DATA_DIR). Expected numbers come from raw documents: the users
 * and rooms in database mode, the newest saved snapshot in REST-only mode.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatCount, formatDateTime, formatMemorySize } from '../../src/cards/format.js';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { ask, BOT_SOURCES, type BotSource, fieldsOf, startWorld, type World } from './support/world.js';

const t = await openFileDb();
const hasCards = (m: Message) => (m.attachments?.length ?? 0) > 0;

/** Rocket.Chat's newest saved snapshot, read raw. */
async function newestSnapshot(): Promise<Record<string, unknown>> {
  const docs = await t.db.collection('rocketchat_statistics').find({}).toArray();
  const newest = docs.sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime())[0];
  if (!newest) throw new Error('the emulator saved no statistics snapshot');
  return newest;
}

interface Expected {
  totalUsers: number;
  totalRooms: number;
  totalChannels: number;
  totalDirect: number;
}

/** What the bot should report in each mode, from raw documents. */
async function expected(source: BotSource): Promise<Expected> {
  if (source === 'rest') {
    const snapshot = await newestSnapshot();
    return {
      totalUsers: snapshot.totalUsers as number,
      totalRooms: snapshot.totalRooms as number,
      totalChannels: snapshot.totalChannels as number,
      totalDirect: snapshot.totalDirect as number,
    };
  }
  const users = await t.db.collection('users').find({}).toArray();
  const rooms = await t.db.collection('rocketchat_room').find({}).toArray();
  return { totalUsers: users.length, totalRooms: rooms.length, totalChannels: rooms.filter((r) => r.t === 'c').length, totalDirect: rooms.filter((r) => r.t === 'd').length };
}

describe.each(BOT_SOURCES)('the bot reading from %s', (source) => {
  let world: World;
  let roomId: string;
  // Snapshot figures carry the snapshot mark; live ones none (cards/attachments.ts).
  const shown = (n: number) => `${formatCount(n)}${source === 'rest' ? '¹' : ''}`;

  beforeAll(async () => {
    world = await startWorld(t, { source });
    roomId = world.seed.adminRoom._id;
  }, 120_000);
  afterAll(async () => {
    await world?.stop();
    // The other mode seeds its own workspace into the file's database.
    await t.db.dropDatabase();
  });

  test(`/info answers the four cards with ${source === 'rest' ? "Rocket.Chat's snapshot numbers, naming the snapshot and its time" : 'the database’s numbers'}`, async () => {
    const { answer } = await ask(world, world.admin, roomId, '/info', { done: hasCards });
    // Read after the answer: Rocket.Chat saves its start-up snapshot in the background (statistics-boot.ts).
    const want = await expected(source);
    expect((answer.attachments ?? []).map((a) => a.title)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
    const usage = fieldsOf(answer.attachments?.[2]);
    expect(usage['Users · Total']).toBe(shown(want.totalUsers));
    expect(usage['Total Rooms · Total']).toBe(shown(want.totalRooms));
    expect(usage['Total Rooms · Channels']).toBe(shown(want.totalChannels));
    expect(usage['Total Rooms · Direct messages']).toBe(shown(want.totalDirect));
    if (source === 'rest') {
      const at = formatDateTime((await newestSnapshot()).createdAt as Date, world.config.daily.timeZone);
      expect(answer.msg).toContain(`Numbers from Rocket.Chat's snapshot of ${at}`);
      expect(String(answer.attachments?.[2]?.text)).toContain(`from Rocket.Chat’s last statistics snapshot (${at})`);
    } else {
      expect(answer.msg).toMatch(/Numbers as of .*`\/info refresh` recomputes/);
    }
  });

  // Database mode's numbers are checked field by field against raw documents in info.db.test.ts; this is REST-only's.
  test.runIf(source === 'rest')('every count of the Usage card is the one in Rocket.Chat’s snapshot, marked as the snapshot’s', async () => {
    const { answer } = await ask(world, world.admin, roomId, '/info usage', { done: hasCards });
    const snapshot = await newestSnapshot();
    const usage = fieldsOf(answer.attachments?.[0]);
    // The Workspace page's headings and labels (Rocket.Chat 6.5+: UsersUploadsCard, MessagesRoomsCard) → snapshot fields.
    const rows: [string, string][] = [
      ['Users · Online', 'onlineUsers'],
      ['Users · Busy', 'busyUsers'],
      ['Users · Away', 'awayUsers'],
      ['Users · Offline', 'offlineUsers'],
      ['Users · Total', 'totalUsers'],
      ['Types · Users connected', 'totalConnectedUsers'],
      ['Types · Activated Users', 'activeUsers'],
      ['Types · Activated Guests', 'activeGuests'],
      ['Types · Deactivated Users', 'nonActiveUsers'],
      ['Types · Rocket.Chat App Users', 'appUsers'],
      ['Uploads · Total Uploads', 'uploadsTotal'],
      ['Total Rooms · Channels', 'totalChannels'],
      ['Total Rooms · Private groups', 'totalPrivateGroups'],
      ['Total Rooms · Direct messages', 'totalDirect'],
      ['Total Rooms · Discussions', 'totalDiscussions'],
      ['Total Rooms · Omnichannel', 'totalLivechat'],
      ['Total Rooms · Total', 'totalRooms'],
      ['Messages · In channels', 'totalChannelMessages'],
      ['Messages · In private groups', 'totalPrivateGroupMessages'],
      ['Messages · In direct messages', 'totalDirectMessages'],
      ['Messages · In discussions', 'totalDiscussionsMessages'],
      ['Messages · In omnichannel', 'totalLivechatMessages'],
      ['Messages · Total', 'totalMessages'],
    ];
    const counted = rows.filter(([, key]) => typeof snapshot[key] === 'number');
    expect(counted.length).toBeGreaterThan(15);
    for (const [title, key] of rows) {
      // Rocket.Chat stores no number (NaN, sent as null) for a message sum when a room lacks its count.
      expect(usage[title], title).toBe(typeof snapshot[key] === 'number' ? shown(snapshot[key] as number) : 'unknown');
    }
    expect(usage['Uploads · Total Uploads Size']).toBe(`${formatMemorySize(snapshot.uploadsTotalSize as number)}¹`);
  });

  test('/info refresh gives numbers computed now', async () => {
    // Rocket.Chat saves its start-up snapshot in the background; the statistics endpoint answers once it is saved.
    await fetch(`${world.emulator.url}/api/v1/statistics`, { headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken } });
    const before = await t.db.collection('rocketchat_statistics').countDocuments({});
    // In REST-only mode Rocket.Chat computes a whole snapshot first, the slow request the Info page's Refresh makes.
    const { answer } = await ask(world, world.admin, roomId, '/info refresh', { done: hasCards, timeoutMs: 60_000 });
    const after = await t.db.collection('rocketchat_statistics').countDocuments({});
    if (source === 'rest') {
      // GET statistics?refresh=true: Rocket.Chat computes and saves a new snapshot, as the Info page's Refresh does.
      expect(after).toBe(before + 1);
      expect(answer.msg).toContain("Rocket.Chat computed a new snapshot: numbers from Rocket.Chat's snapshot of");
      expect(answer.msg).toContain("as the Info page's Refresh button gives");
    } else {
      // The bot never writes Rocket.Chat's collections.
      expect(after).toBe(before);
      expect(answer.msg).toMatch(/Recomputed now: numbers as of /);
    }
    const want = await expected(source);
    expect(fieldsOf(answer.attachments?.[2])['Users · Total']).toBe(shown(want.totalUsers));
  }, 90_000);

  test('/info download posts statistics.json whose totals are the same numbers', async () => {
    const { answer } = await ask(world, world.admin, roomId, '/info download', { done: (m) => m.file !== undefined });
    const want = await expected(source);
    const attachment = answer.attachments?.[0] as { title: string; title_link: string };
    expect(attachment.title).toBe('statistics.json');
    const response = await fetch(`${world.emulator.url}${attachment.title_link}`, {
      headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken },
    });
    const statistics = (await response.json()) as Record<string, unknown>;
    expect(statistics).toMatchObject(want);
    expect(statistics.success).toBe(true);
  });

  test('a user without view-statistics is told which permission is missing', async () => {
    const dm = await world.user.dm(world.seed.accounts.bot.username);
    const watch = await world.user.watch(dm);
    try {
      const { answer } = await ask(world, world.user, dm, 'info usage', { watch });
      expect(answer.msg).toContain('`/info usage` needs the Rocket.Chat permission `view-statistics`, which none of your roles has.');
    } finally {
      watch.close();
    }
  });
});
