import { describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { added, messagesBy, outcome } from './support/decisions.js';
import { ask, fieldsOf, worldFor } from './support/world.js';

const t = await openFileDb();
const world = worldFor(t);
const adminRoom = () => world.seed.adminRoom._id;

const hasCards = (m: Message) => (m.attachments?.length ?? 0) > 0;
const titles = (m: Message) => (m.attachments ?? []).map((a) => a.title);

describe('/info and its sub-commands in the admin room', () => {
  test('an admin gets the four cards, and the usage numbers equal the database’s', async () => {
    const users = await t.db.collection('users').find({}).toArray();
    const rooms = await t.db.collection('rocketchat_room').find({}).toArray();
    const { answer } = await ask(world, world.admin, adminRoom(), '/info refresh', { done: hasCards });
    expect(titles(answer)).toEqual(['Deployment', 'License', 'Usage', 'Federation']);
    expect(answer.msg).toMatch(/Recomputed now: numbers as of /);
    const usage = fieldsOf(answer.attachments?.[2]);
    expect(usage['Users · Total']).toBe(String(users.length));
    expect(usage['Types · Deactivated Users']).toBe(String(users.filter((u) => u.active === false).length));
    expect(usage['Total Rooms · Channels']).toBe(String(rooms.filter((r) => r.t === 'c').length));
    expect(usage['Total Rooms · Private groups']).toBe(String(rooms.filter((r) => r.t === 'p').length));
    expect(usage['Total Rooms · Direct messages']).toBe(String(rooms.filter((r) => r.t === 'd').length));
    expect(usage['Total Rooms · Total']).toBe(String(rooms.length));
  });

  test('/info refresh reads /api/info with the bot’s own session: no login of its own, and the logged-in details show', async () => {
    const botId = world.seed.accounts.bot._id;
    const tokens = async () => {
      const bot = await t.db.collection<{ _id: string; services?: { resume?: { loginTokens?: unknown[] } } }>('users').findOne({ _id: botId });
      return bot?.services?.resume?.loginTokens?.length ?? 0;
    };
    const before = await tokens();
    const lastLogin = (await t.db.collection<{ _id: string; lastLogin?: Date }>('users').findOne({ _id: botId }))?.lastLogin;
    const { answer } = await ask(world, world.admin, adminRoom(), '/info refresh', { done: hasCards });
    // Only the logged-in /api/info answer carries the Apps-Engine version (the anonymous one says major.minor only).
    expect(fieldsOf(answer.attachments?.[0])['Apps Engine Version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(await tokens()).toBe(before);
    expect((await t.db.collection<{ _id: string; lastLogin?: Date }>('users').findOne({ _id: botId }))?.lastLogin).toEqual(lastLogin);
  });

  test('every card is an attachment Rocket.Chat accepts: short fields with non-empty string values, a colour, under 5 000 characters', async () => {
    const { answer } = await ask(world, world.admin, adminRoom(), '/info', { done: hasCards });
    expect(answer.msg).toMatch(/Numbers as of .*`\/info refresh` recomputes/);
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

  test.each([
    ['/info deployment', 'Deployment'],
    ['/info license', 'License'],
    ['/info usage', 'Usage'],
    ['/info federation', 'Federation'],
  ])('%s answers with the %s card alone', async (command, title) => {
    const { answer } = await ask(world, world.admin, adminRoom(), command, { done: hasCards });
    expect(titles(answer)).toEqual([title]);
  });

  test('/info download posts statistics.json, and the file fetched back over HTTP is that document', async () => {
    const users = await t.db.collection('users').find({}).toArray();
    const rooms = await t.db.collection('rocketchat_room').find({}).toArray();
    const { answer } = await ask(world, world.admin, adminRoom(), '/info download', { done: (m) => m.file !== undefined });
    const attachment = answer.attachments?.[0] as { title: string; title_link: string; description?: string };
    expect(attachment.title).toBe('statistics.json');
    expect(attachment.description).toMatch(/^Statistics as of /);
    const response = await fetch(`${world.emulator.url}${attachment.title_link}`, {
      headers: { 'X-User-Id': world.admin.userId, 'X-Auth-Token': world.admin.authToken },
    });
    expect(response.status).toBe(200);
    const statistics = (await response.json()) as Record<string, unknown>;
    expect(statistics).toMatchObject({
      totalUsers: users.length,
      nonActiveUsers: users.filter((u) => u.active === false).length,
      totalRooms: rooms.length,
      totalChannels: rooms.filter((r) => r.t === 'c').length,
      totalPrivateGroups: rooms.filter((r) => r.t === 'p').length,
      totalDirect: rooms.filter((r) => r.t === 'd').length,
    });
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
});

describe('how the bot is addressed', () => {
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
