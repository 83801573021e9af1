/**
 * The daily summary end to end: real bots (real SDK, real driver) against the emulator and the file's test database,
 * three replicas at once (one at a time, restarted on the same data directory, when the bot's data is the file of
 * REST-only mode without INFOBOT_MONGO_URL), a simulated clock and hand-driven tickers (no waiting for real time), over days that cross
 * Berlin's change to summer time on 2026-03-29. Posts are read back from Rocket.Chat's messages; expected numbers
 * come from the raw documents and the stored history, not from the engine.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatDayKey } from '../../src/cards/daily.js';
import { chartHeight } from '../../src/charts/render.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { type BotDeps, type RunningBot, startBot } from '../../src/main.js';
import type { StatsService } from '../../src/stats/service.js';
import type { Ticker } from '../../src/schedule/ticker.js';
import { addDays } from '../../src/schedule/zoned-time.js';
import { openFileDb } from '../support/db.js';
import { ask, botDataOf, botStoreUrl, databaseUrls, fieldsOf, OWN_DATA_MODES, startWorld, TEST_LINK_TIMING, type World } from '../bot/support/world.js';
import { fileCollection } from '../store/support/data-files.js';
import { decodePng, inkShare } from '../charts/png.js';
import { wallInstant } from './support/zone-rules.js';

const ZONE = 'Europe/Berlin';
const MINUTE = 60_000;
/**
 * A test's budget for each bot it starts or stops and each post it makes: up to ~10 s each on FerretDB at load 18 in
 * REST-only mode, where a post makes Rocket.Chat compute a whole snapshot (a restart test took 28.7 s of 30 with three
 * starts and a post).
 */
const STEP_MS = 15_000;
const t = await openFileDb();

/** A ticker the test fires by hand; `fire` resolves once every registered tick has finished. */
function manualTicker() {
  const ticks = new Set<(slot: Date) => Promise<void>>();
  const ticker: Ticker = (tick) => {
    ticks.add(tick);
    return { stop: () => void ticks.delete(tick) };
  };
  return { ticker, fire: async (slot: Date) => void (await Promise.all([...ticks].map((tick) => tick(slot)))) };
}

let now = new Date('2026-03-24T05:00:00Z');
const clock = () => now;
let world: World;
const replicas: { bot: RunningBot; fire(slot: Date): Promise<void> }[] = [];
/** Where the bot keeps its own data: a database's name, or the data directory. */
let ownData: { kind: 'database'; name: string } | { kind: 'file'; dir: string };

/** Starts another bot on the same workspace and store; its first tick (the make-up check) has run when this resolves. */
async function startReplica(daily: 'on' | 'off', extra: Partial<BotDeps> = {}) {
  const manual = manualTicker();
  const bot = await startBot(loadConfig({ ...replicaEnv, INFOBOT_DAILY: daily }), {
    log: createLogger('silent'),
    linkTiming: TEST_LINK_TIMING,
    databaseWaitMs: 0,
    shutdownDeadlineMs: 300,
    now: clock,
    dailyTicker: manual.ticker,
    ...extra,
  });
  // A replica may be the one that answers a command: its decisions count when a helper waits for the bot to finish.
  world.decisions.watch(bot.dispatcher);
  await manual.fire(now);
  return { bot, fire: manual.fire };
}

/** The environment every replica is configured from, as the world's bot is. */
let replicaEnv: Record<string, string> = {};

/** Moves the clock to `hh:mm` in Berlin on `day` and ticks the given replicas together. */
async function tickAt(day: string, hour: number, minute: number, who = replicas): Promise<void> {
  now = new Date(wallInstant(ZONE, day, hour, minute));
  await Promise.all(who.map((r) => r.fire(now)));
}

interface Post {
  day: string;
  text: string;
  fields: Record<string, string>;
  notes: string;
}

/** The summaries and failure notices in #infobot-admin, read from Rocket.Chat's messages. */
async function posts(): Promise<Post[]> {
  const docs = await t.db
    .collection('rocketchat_message')
    .find({ rid: world.seed.adminRoom._id, 'u._id': world.seed.accounts.bot._id })
    .sort({ ts: 1 })
    .toArray();
  return docs.flatMap((doc) => {
    const attachment = (doc.attachments as Record<string, unknown>[] | undefined)?.[0];
    const title = String(attachment?.title ?? '');
    const match = /^Daily summary · (.+)$/.exec(title);
    if (!match) return [];
    const day = dayFromTitle(match[1] ?? '');
    return [{ day, text: String(doc.msg), fields: fieldsOf(attachment), notes: String(attachment?.text ?? '') }];
  });
}

const titleDays = new Map<string, string>();
function dayFromTitle(title: string): string {
  return titleDays.get(title) ?? `unknown day "${title}"`;
}

/** The stored history, read back raw from the bot's database or data file. */
async function historyDocs(): Promise<Record<string, unknown>[]> {
  if (ownData.kind === 'file') return fileCollection(ownData.dir, 'history');
  return t.client.db(ownData.name).collection<{ _id: string }>('history').find({}).toArray();
}

function numbersOf(docs: Record<string, unknown>[], day: string): Record<string, number> {
  const numbers = docs.find((doc) => doc._id === day)?.numbers;
  if (!numbers) throw new Error(`no stored snapshot for ${day}`);
  return numbers as Record<string, number>;
}

/** The change line the card must show for `metric` on `day`, from the stored history documents. */
function expectedChange(docs: Record<string, unknown>[], metric: string, day: string): string {
  const value = (d: string) => (docs.find((doc) => doc._id === d)?.numbers as Record<string, number | null> | undefined)?.[metric];
  const hasOlder = docs.some((doc) => String(doc._id) < day);
  const part = (back: number) => {
    const then = value(addDays(day, -back));
    if (then === undefined) return hasOlder ? 'no data' : 'new';
    const today = value(day);
    if (today === null || today === undefined || then === null) return 'n/a';
    const by = today - then;
    return by === 0 ? '→ 0' : by > 0 ? `↑ +${by}` : `↓ -${-by}`;
  };
  if (!hasOlder) return 'new';
  return `${part(1)} since yesterday · ${part(7)} in 7 days`;
}

async function addUsers(count: number): Promise<void> {
  if (count === 0) return;
  const docs = Array.from({ length: count }, () => {
    const id = randomBytes(8).toString('hex');
    return { _id: id, username: `daily-${id}`, type: 'user', active: true, status: 'online', roles: ['user'], createdAt: now, _updatedAt: now };
  });
  await t.db.collection('users').insertMany(docs as never[]);
}

// The same schedule in every mode: reading Rocket.Chat's database, and REST-only (no MONGO_URL), where the numbers are
// Rocket.Chat's snapshot computed for the post (statistics?refresh=true) and the bot's state is in INFOBOT_MONGO_URL or,
// without it, in the data file. The file serves one replica: there the replicas take turns on the same data directory,
// so what one stored (the posted days, the history, a held day's lease) must survive its stop for the next.
describe.each(OWN_DATA_MODES.map((mode) => ({ ...mode, data: botDataOf(mode) })))('the daily summary reading from $source, its own data in a $data', (mode) => {
  const oneReplica = mode.data === 'file';
  /** Stops the running replicas when only one may run at a time. */
  const makeRoom = async () => {
    if (oneReplica) for (const replica of replicas.splice(0)) await replica.bot.stop();
  };

  beforeAll(async () => {
    for (let i = -10; i < 20; i++) {
      const day = addDays('2026-03-24', i);
      titleDays.set(formatDayKey(day), day);
    }
    now = new Date('2026-03-24T05:00:00Z');
    const first = manualTicker();
    world = await startWorld(t, { ...mode, env: { INFOBOT_DAILY: 'on', INFOBOT_TIMEZONE: ZONE }, deps: { now: clock, dailyTicker: first.ticker } });
    replicas.push({ bot: world.bot, fire: first.fire });
    ownData =
      mode.data === 'file'
        ? { kind: 'file', dir: world.config.dataDir }
        : { kind: 'database', name: new URL(botStoreUrl(world.config).replace(/^mongodb:/, 'http:')).pathname.slice(1) };
    replicaEnv = {
      ROCKETCHAT_URL: world.emulator.url,
      ROCKETCHAT_USER: world.seed.accounts.bot.username,
      ROCKETCHAT_PASSWORD: world.seed.accounts.bot.password,
      // REST-only mode: no MONGO_URL at all.
      ...(mode.source === 'database' ? { MONGO_URL: databaseUrls(world.config).mongoUrl } : {}),
      ...(mode.data === 'file' ? { INFOBOT_DATA_DIR: world.config.dataDir } : { INFOBOT_MONGO_URL: botStoreUrl(world.config) }),
      INFOBOT_TIMEZONE: ZONE,
      LOG_LEVEL: 'silent',
      INFOBOT_ALERTS: 'off',
      INFOBOT_HTTP_PORT: '0',
    };
    if (!oneReplica) for (let i = 0; i < 2; i++) replicas.push(await startReplica('on'));
  }, 120_000);

  afterAll(async () => {
    for (const replica of replicas.splice(0)) await replica.bot.stop();
    await world?.stop();
    // The other mode seeds its own workspace into the file's database.
    await t.db.dropDatabase();
  });

  describe(oneReplica ? 'the daily summary with one replica' : 'the daily summary with three replicas', () => {
    const days = Array.from({ length: 9 }, (_, i) => addDays('2026-03-25', i));

    test('over nine days across the change to summer time, each day is posted once, at 09:00 Berlin time', async () => {
      const rawUsers: Record<string, number> = {};
      const rawRecent: Record<string, { messages: number; rooms: number }> = {};
      for (const [i, day] of days.entries()) {
        await addUsers(i % 3);
        rawUsers[day] = await t.db.collection('users').countDocuments({});
        await world.admin.send(world.seed.adminRoom._id, `day ${day}: hello`);
        await tickAt(day, 8, 59);
        expect((await posts()).filter((p) => p.day === day), `${day} before 09:00`).toHaveLength(0);
        await tickAt(day, 9, 0);
        expect((await posts()).filter((p) => p.day === day), `${day} at 09:00`).toHaveLength(1);
        // What the last 24 hours held when the numbers were taken: everything but the summary just posted.
        const since = now.getTime() - 24 * 60 * MINUTE;
        const messages = await t.db.collection('rocketchat_message').find({}, { projection: { ts: 1, _hidden: 1, attachments: 1 } }).toArray();
        const rooms = await t.db.collection('rocketchat_room').find({}, { projection: { ts: 1 } }).toArray();
        const recent = (doc: Record<string, unknown>) => doc.ts instanceof Date && doc.ts.getTime() >= since;
        const isSummary = (doc: Record<string, unknown>) =>
          [`Daily summary · ${formatDayKey(day)}`, `daily-${day}.png`].includes(String((doc.attachments as { title?: string }[] | undefined)?.[0]?.title));
        rawRecent[day] = {
          messages: messages.filter((doc) => recent(doc) && doc._hidden !== true && !isSummary(doc)).length,
          rooms: rooms.filter(recent).length,
        };
        await tickAt(day, 9, 1);
        await tickAt(day, 17, 30);
      }
      expect((await posts()).map((p) => p.day)).toEqual(days);

      const history = await historyDocs();
      expect(history.map((d) => String(d._id)).sort()).toEqual(days);
      // The history counts users as the raw documents do, day after day.
      for (const day of days.slice(1)) {
        const stored = (d: string) => numbersOf(history, d).totalUsers ?? Number.NaN;
        expect(stored(day) - stored(addDays(day, -1)), day).toBe((rawUsers[day] ?? 0) - (rawUsers[addDays(day, -1)] ?? 0));
      }
      for (const day of days) {
        const { messagesLast24h, roomsLast24h } = numbersOf(history, day);
        // REST-only mode has no database to count by time, and says so rather than estimating (history/collect.ts).
        const want = mode.source === 'database' ? rawRecent[day] : { messages: null, rooms: null };
        expect({ messages: messagesLast24h, rooms: roomsLast24h }, day).toEqual(want);
      }
      // REST-only mode's posts each make Rocket.Chat compute a whole snapshot: 115 s for the nine days on FerretDB
      // under load (47 s in database mode).
    }, 360_000);

    test('each post’s numbers and changes since yesterday and 7 days ago are those of the stored history', async () => {
      const history = await historyDocs();
      const byMetric: [string, string][] = [
        ['Users · Total', 'totalUsers'],
        ['Users · Active', 'activeUsers'],
        ['Users · Online now', 'onlineUsers'],
        ['Rooms · Total', 'totalRooms'],
        ['Messages · Total', 'totalMessages'],
        ['Uploads · Files', 'uploadsTotal'],
        ['Deployment · Instances', 'instanceCount'],
      ];
      for (const post of await posts()) {
        const numbers = numbersOf(history, post.day);
        for (const [title, metric] of byMetric) {
          const [marked, change] = (post.fields[title] ?? '').split('\n');
          // A field in a warning state carries its mark (no instance reporting is ⛔); the number follows it.
          const value = marked?.replace(/^(⛔|⚠️) /, '');
          // Rocket.Chat's snapshot stores no message total when a room lacks its count (REST-only mode shows that).
          if (numbers[metric] === null) {
            expect([value, change], `${title} on ${post.day}`).toEqual(['unavailable', undefined]);
            continue;
          }
          expect(value, `${title} on ${post.day}`).toBe(String(numbers[metric]));
          expect(change, `${title} change on ${post.day}`).toBe(expectedChange(history, metric, post.day));
        }
        const sent = mode.source === 'database' ? String(numbers.messagesLast24h) : 'not counted without database access';
        expect(post.fields['Messages · Sent in the last 24 h'], post.day).toBe(sent);
        expect(post.fields['Rooms · Created in the last 24 h'], post.day).toBe(mode.source === 'database' ? String(numbers.roomsLast24h) : sent);
      }
      const first = (await posts())[0];
      expect(first?.fields['Users · Total']).toMatch(/\nnew$/);
      expect(first?.notes).toContain('This is the first summary');
    });

    test('each post carries its 30-day chart as a PNG, right after the card', async () => {
      const docs = await t.db
        .collection('rocketchat_message')
        .find({ rid: world.seed.adminRoom._id, 'u._id': world.seed.accounts.bot._id })
        .sort({ ts: 1 })
        .toArray();
      const titles = docs.map((doc) => String((doc.attachments as { title?: string }[] | undefined)?.[0]?.title ?? ''));
      for (const day of days) {
        const card = titles.indexOf(`Daily summary · ${formatDayKey(day)}`);
        expect(titles.filter((title) => title === `daily-${day}.png`), day).toHaveLength(1);
        expect(titles[card + 1], day).toBe(`daily-${day}.png`);
      }
      const last = docs[titles.indexOf(`daily-${days[days.length - 1]}.png`)];
      const link = String((last?.attachments as { title_link?: string }[] | undefined)?.[0]?.title_link);
      const response = await fetch(`${world.emulator.url}${link}`, { headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken } });
      const image = decodePng(Buffer.from(await response.arrayBuffer()));
      // Users and messages; the tiny workspace has no license limit, so no seats panel.
      expect([image.width, image.height]).toEqual([900, chartHeight(2)]);
      expect(inkShare(image)).toBeGreaterThan(0.01);
    });

    test('`/info history` shows the stored days as a table, and `/info schedule` the cron, zone, room and next run', async () => {
      now = new Date(wallInstant(ZONE, '2026-04-02', 12, 0));
      // Each answer is told apart by its text: a daily post arriving late on the stream must not be taken for it.
      const answered = (start: string) => ({ done: (m: { msg: string }) => m.msg.startsWith(start) });
      const { answer } = await ask(world, world.admin, world.seed.adminRoom._id, '/info history --days 5', answered('Daily snapshots'));
      const rows = answer.msg.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
      const history = await historyDocs();
      expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['2026-04-02', '2026-04-01', '2026-03-31', '2026-03-30', '2026-03-29']);
      for (const row of rows) {
        const [day, users, active, online] = row.split(/\s+/);
        const numbers = numbersOf(history, String(day));
        expect([users, active, online].map(Number), String(day)).toEqual([numbers.totalUsers, numbers.activeUsers, numbers.onlineUsers]);
      }

      const schedule = (await ask(world, world.admin, world.seed.adminRoom._id, '/info schedule', answered('*Daily summary*'))).answer.msg;
      expect(schedule).toContain('`0 9 * * *` in Europe/Berlin, to #infobot-admin');
      expect(schedule).toContain('Next run: April 3, 2026 9:00 AM GMT+2');
      expect(schedule).toMatch(/Today \(April 2, 2026\): posted at April 2, 2026 9:00 AM GMT\+2/);
      expect(schedule).toContain('History: 9 daily snapshots since March 25, 2026');

      const bad = (await ask(world, world.admin, world.seed.adminRoom._id, '/info history --days lots', answered('I could not use'))).answer.msg;
      expect(bad).toContain('a whole number of days from 1 to 90');
    });

    test('when the replica holding the day dies before sending, another posts it once, after the lease', async () => {
      const day = '2026-04-03';
      let holding: () => void = () => undefined;
      const holds = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // This replica takes the day, then hangs computing the numbers, and is stopped: it dies without sending. With the
      // data file it runs alone, and the next replica is the same bot restarted: the held day's lease is in the file.
      await makeRoom();
      const dying = await startReplica('on', {
        wrapStats: (real): StatsService => ({
          get: (parts, options) => {
            if (!options?.refresh) return real.get(parts, options);
            holding();
            return new Promise(() => undefined);
          },
        }),
      });
      now = new Date(wallInstant(ZONE, day, 9, 0));
      void dying.fire(now);
      await holds;
      await dying.bot.stop();
      if (oneReplica) replicas.push(await startReplica('on'));

      await tickAt(day, 9, 1);
      await tickAt(day, 9, 14);
      expect((await posts()).filter((p) => p.day === day)).toHaveLength(0);
      await tickAt(day, 9, 15);
      expect((await posts()).filter((p) => p.day === day)).toHaveLength(1);
      await tickAt(day, 9, 16);
      await tickAt(day, 20, 0);
      expect((await posts()).filter((p) => p.day === day)).toHaveLength(1);
      // Two starts (with the data file: three, the replicas stopped to make room), a stop, a post.
    }, 5 * STEP_MS);

    test('a run missed while every replica was down is made up once at start, the same day only', async () => {
      for (const replica of replicas.splice(0)) await replica.bot.stop();
      const day = '2026-04-04';
      now = new Date(wallInstant(ZONE, day, 11, 20));
      const late = await startReplica('on');
      replicas.push(late);
      await late.fire(now);
      expect((await posts()).filter((p) => p.day === day)).toHaveLength(1);

      // With the data file this is the same bot restarted: the posted day is in the file, and is not posted again.
      await makeRoom();
      const another = await startReplica('on');
      replicas.push(another);
      await tickAt(day, 12, 0);
      await tickAt(day, 23, 59);
      expect((await posts()).filter((p) => p.day === day)).toHaveLength(1);

      // Down from before 09:00 on the 5th until 08:00 on the 6th: the 5th is over and is not made up.
      for (const replica of replicas.splice(0)) await replica.bot.stop();
      now = new Date(wallInstant(ZONE, '2026-04-06', 8, 0));
      const next = await startReplica('on');
      replicas.push(next);
      await next.fire(now);
      expect((await posts()).map((p) => p.day).filter((d) => d > day)).toEqual([]);
      // Three starts, two rounds of stops, a post.
    }, 6 * STEP_MS);

    test('with INFOBOT_DAILY=off a bot posts nothing, even with its post due and missed', async () => {
      for (const replica of replicas.splice(0)) await replica.bot.stop();
      const day = '2026-04-07';
      now = new Date(wallInstant(ZONE, day, 8, 0));
      replicas.push(await startReplica('off'));
      for (const [hour, minute] of [[9, 0], [9, 1], [15, 0]] as const) await tickAt(day, hour, minute);
      const before = (await posts()).length;
      const answer = (await ask(world, world.admin, world.seed.adminRoom._id, '/info schedule', { done: (m) => m.msg.startsWith('*Daily summary*') })).answer.msg;
      expect(answer).toContain('*Daily summary*: off (INFOBOT_DAILY=off)');
      expect((await posts()).filter((p) => p.day === day)).toHaveLength(0);
      expect((await posts()).length).toBe(before);
    });
  });
});
