/**
 * /info and its sub-commands end to end, in the bot's two modes (issue 18): reading Rocket.Chat's database, and
 * REST-only with no database URL at all (figures are Rocket.Chat's own statistics snapshot, sender permissions come
 * from users.info and permissions.listAll, the bot's data is in INFOBOT_DATA_DIR). Expected numbers come from raw
 * documents in plain TypeScript: the users and rooms in database mode, the newest saved snapshot in REST-only mode.
 */
import { describe, expect, test } from 'vitest';
import { formatCount, formatDateTime, formatMemorySize } from '../../src/cards/format.js';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { added, messagesBy, outcome } from './support/decisions.js';
import { ask, BOT_SOURCES, fieldsOf, worldFor } from './support/world.js';

const t = await openFileDb();
const hasCards = (m: Message) => (m.attachments?.length ?? 0) > 0;
const titles = (m: Message) => (m.attachments ?? []).map((a) => a.title);

/** Rocket.Chat's newest saved snapshot, read raw. */
async function newestSnapshot(): Promise<Record<string, unknown>> {
  const docs = await t.db.collection('rocketchat_statistics').find({}).toArray();
  const newest = docs.sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime())[0];
  if (!newest) throw new Error('the emulator saved no statistics snapshot');
  return newest;
}

/** The Workspace page's headings and labels (Rocket.Chat 6.5+: UsersUploadsCard, MessagesRoomsCard) → snapshot fields. */
const USAGE_ROWS: [title: string, key: string][] = [
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

/** The totals statistics.json and the Usage card share. */
interface Totals {
  totalUsers: number;
  nonActiveUsers: number;
  totalRooms: number;
  totalChannels: number;
  totalPrivateGroups: number;
  totalDirect: number;
}

describe.each(BOT_SOURCES)('/info reading from %s', (source) => {
  const rest = source === 'rest';
  // Each mode seeds its own workspace into the file's database, dropped when its world stops.
  const world = worldFor(t, () => ({ source, dropWorkspace: true }));
  const adminRoom = () => world.seed.adminRoom._id;
  // Snapshot figures carry the snapshot mark; live ones none (cards/attachments.ts).
  const shown = (n: number) => `${formatCount(n)}${rest ? '¹' : ''}`;

  /** What the bot should report: the users and rooms in database mode, the newest snapshot in REST-only mode. */
  async function totals(): Promise<Totals> {
    if (rest) {
      const s = await newestSnapshot();
      const n = (key: keyof Totals) => s[key] as number;
      return { totalUsers: n('totalUsers'), nonActiveUsers: n('nonActiveUsers'), totalRooms: n('totalRooms'), totalChannels: n('totalChannels'), totalPrivateGroups: n('totalPrivateGroups'), totalDirect: n('totalDirect') };
    }
    const users = await t.db.collection('users').find({}).toArray();
    const rooms = await t.db.collection('rocketchat_room').find({}).toArray();
    const ofType = (type: string) => rooms.filter((r) => r.t === type).length;
    return { totalUsers: users.length, nonActiveUsers: users.filter((u) => u.active === false).length, totalRooms: rooms.length, totalChannels: ofType('c'), totalPrivateGroups: ofType('p'), totalDirect: ofType('d') };
  }

  /**
   * The Usage card's rows and values: in REST-only mode every count of the snapshot (Rocket.Chat stores no number,
   * NaN sent as null, for a message sum when a room lacks its count: shown 'unknown') and the uploads' size; in
   * database mode the counts the raw users and rooms give.
   */
  async function usageRows(): Promise<Record<string, string>> {
    if (rest) {
      const snapshot = await newestSnapshot();
      const counted = USAGE_ROWS.filter(([, key]) => typeof snapshot[key] === 'number');
      expect(counted.length).toBeGreaterThan(15);
      return {
        ...Object.fromEntries(USAGE_ROWS.map(([title, key]) => [title, typeof snapshot[key] === 'number' ? shown(snapshot[key] as number) : 'unknown'])),
        'Uploads · Total Uploads Size': `${formatMemorySize(snapshot.uploadsTotalSize as number)}¹`,
      };
    }
    const want = await totals();
    const byKey = new Map<string, number>(Object.entries(want));
    return Object.fromEntries(USAGE_ROWS.filter(([, key]) => byKey.has(key)).map(([title, key]) => [title, shown(byKey.get(key) as number)]));
  }

  test('/info answers the four cards Rocket.Chat accepts: short fields with non-empty string values, a colour, under 5 000 characters', async () => {
    const { answer } = await ask(world, world.admin, adminRoom(), '/info', { done: hasCards });
    expect(titles(answer)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
    // Read after the answer: Rocket.Chat saves its start-up snapshot in the background (statistics-boot.ts).
    expect(fieldsOf(answer.attachments?.[2])).toMatchObject(await usageRows());
    if (rest) {
      const at = formatDateTime((await newestSnapshot()).createdAt as Date, world.config.daily.timeZone);
      expect(answer.msg).toContain(`Numbers from Rocket.Chat's snapshot of ${at}`);
      expect(String(answer.attachments?.[2]?.text)).toContain(`from Rocket.Chat’s last statistics snapshot (${at})`);
    } else {
      expect(answer.msg).toMatch(/Numbers as of .*`\/info refresh` recomputes/);
    }
    for (const a of answer.attachments ?? []) {
      expect(a.color).toMatch(/^#[0-9a-f]{6}$/);
      for (const f of a.fields as { short: boolean; title: string; value: string }[]) {
        expect(typeof f.value).toBe('string');
        expect(f.value.length).toBeGreaterThan(0);
        expect(f.title.length).toBeGreaterThan(0);
      }
    }
    // Rocket.Chat's Message_MaxAllowedSize counts the text and the attachments' text.
    const strings = (answer.attachments ?? []).flatMap((a) => [
      String(a.title ?? ''),
      String(a.text ?? ''),
      ...(a.fields as { title: string; value: string }[]).flatMap((f) => [f.title, f.value]),
    ]);
    expect(answer.msg.length + strings.join('').length).toBeLessThan(5_000);
  });

  test(`/info refresh gives numbers computed now${rest ? ' (Rocket.Chat computes a new snapshot)' : ''}, asking /api/info with the bot’s own session`, async () => {
    const botId = world.seed.accounts.bot._id;
    const users = t.db.collection<{ _id: string; lastLogin?: Date; services?: { resume?: { loginTokens?: unknown[] } } }>('users');
    const before = await users.findOne({ _id: botId });
    // Rocket.Chat saves its start-up snapshot in the background; the statistics endpoint answers once it is saved.
    await fetch(`${world.emulator.url}/api/v1/statistics`, { headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken } });
    const snapshots = await t.db.collection('rocketchat_statistics').countDocuments({});
    // In REST-only mode Rocket.Chat computes a whole snapshot first, the slow request the Info page's Refresh makes.
    const { answer } = await ask(world, world.admin, adminRoom(), '/info refresh', { done: hasCards, timeoutMs: 60_000 });
    if (rest) {
      // GET statistics?refresh=true: Rocket.Chat computes and saves a new snapshot, as the Info page's Refresh does.
      expect(await t.db.collection('rocketchat_statistics').countDocuments({})).toBe(snapshots + 1);
      expect(answer.msg).toContain("Rocket.Chat computed a new snapshot: numbers from Rocket.Chat's snapshot of");
      expect(answer.msg).toContain("as the Info page's Refresh button gives");
    } else {
      // The bot never writes Rocket.Chat's collections.
      expect(await t.db.collection('rocketchat_statistics').countDocuments({})).toBe(snapshots);
      expect(answer.msg).toMatch(/Recomputed now: numbers as of /);
    }
    expect(titles(answer)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
    expect(fieldsOf(answer.attachments?.[2])).toMatchObject(await usageRows());
    // Only the logged-in /api/info answer carries the Apps-Engine version (the anonymous one says major.minor only);
    // the bot asked it with the session it has: no new login token, no new login.
    expect(fieldsOf(answer.attachments?.[0])['Apps Engine Version']).toMatch(/^\d+\.\d+\.\d+/);
    const after = await users.findOne({ _id: botId });
    expect(after?.services?.resume?.loginTokens?.length ?? 0).toBe(before?.services?.resume?.loginTokens?.length ?? 0);
    expect(after?.lastLogin).toEqual(before?.lastLogin);
  }, 90_000);

  test.each([
    ['/info deployment', 'Deployment'],
    ['/info license', 'License'],
    ['/info usage', 'Usage'],
    ['/info federation', 'Federation'],
  ])('%s answers with the %s card alone', async (command, title) => {
    const { answer } = await ask(world, world.admin, adminRoom(), command, { done: hasCards });
    expect(titles(answer)).toEqual([title]);
  });

  test('/info download posts statistics.json, and the file fetched back over HTTP is that document, with the same totals', async () => {
    const { answer } = await ask(world, world.admin, adminRoom(), '/info download', { done: (m) => m.file !== undefined });
    const attachment = answer.attachments?.[0] as { title: string; title_link: string; description?: string };
    expect(attachment.title).toBe('statistics.json');
    expect(attachment.description).toMatch(/^Statistics as of /);
    const response = await fetch(`${world.emulator.url}${attachment.title_link}`, {
      headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken },
    });
    expect(response.status).toBe(200);
    const statistics = (await response.json()) as Record<string, unknown>;
    expect(statistics).toMatchObject({ ...(await totals()), success: true });
    expect(statistics.uniqueId).toEqual(expect.any(String));
    expect(statistics.version).toEqual(expect.any(String));
  });

  test('on a server without rooms.media the file goes through rooms.upload', async () => {
    world.emulator.faults.failRest(/rooms\.media\//, 404);
    try {
      const { answer } = await ask(world, world.admin, adminRoom(), '/info download', { done: (m) => m.file !== undefined });
      expect(answer.attachments?.[0]?.title).toBe('statistics.json');
    } finally {
      world.emulator.faults.failRest(null);
    }
  });

  test('/info help lists the commands with their usage', async () => {
    const { answer } = await ask(world, world.admin, adminRoom(), '/info help');
    expect(answer.msg).toContain('`/info usage`: The Usage card');
    expect(answer.msg).toContain('`/info download`');
  });

  test('a mistyped sub-command gets a did-you-mean line and the help', async () => {
    const { answer } = await ask(world, world.admin, adminRoom(), '/info usgae');
    const [first, , ...rest] = answer.msg.split('\n');
    expect(first).toBe('Unknown command `info usgae`. Did you mean `/info usage`?');
    expect(rest.join('\n')).toContain('`/info deployment`');
    expect(answer.attachments ?? []).toEqual([]);
  });

  test.each(['!info usage', '@infobot info usage'])('%s in the admin room works', async (text) => {
    const { answer } = await ask(world, world.admin, adminRoom(), text, { done: hasCards });
    expect(titles(answer)).toEqual(['Usage']);
  });

  test('plain "info usage" in a DM with the bot works, and the answer stays in the DM', async () => {
    const dm = await world.admin.dm(world.seed.accounts.bot.username);
    const watch = await world.admin.watch(dm);
    try {
      const { answer } = await ask(world, world.admin, dm, 'info usage', { done: hasCards, watch });
      expect(answer.rid).toBe(dm);
      expect(titles(answer)).toEqual(['Usage']);
    } finally {
      watch.close();
    }
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

  test('plain "info" in the admin room and /info in a room the bot does not listen in get no answer', async () => {
    const general = await t.db.collection<{ _id: string }>('rocketchat_room').findOne({ t: 'c', name: 'general' });
    expect(general).not.toBeNull();
    const generalId = String(general?._id);
    const botId = world.seed.accounts.bot._id;
    const [knownHere, knownThere] = [await messagesBy(t.db, adminRoom(), botId), await messagesBy(t.db, generalId, botId)];
    const mark = world.decisions.mark();
    const plain = await world.admin.send(adminRoom(), 'info');
    const elsewhere = await world.admin.send(generalId, '/info');
    const [[here], [there]] = await Promise.all([world.decisions.about(mark, plain._id), world.decisions.about(mark, elsewhere._id)]);
    expect(here && outcome(here)).toEqual({ kind: 'ignored', reason: 'not-a-command' });
    expect(there && outcome(there)).toEqual({ kind: 'ignored', reason: 'room-not-served' });
    expect(added(knownHere, await messagesBy(t.db, adminRoom(), botId))).toEqual([]);
    expect(added(knownThere, await messagesBy(t.db, generalId, botId))).toEqual([]);
  });
});
