/**
 * The license flow with several bot replicas on one Rocket.Chat and one bot database, and licenses posted where they
 * must not be: in rooms. End to end through the emulator, the real SDK and the test database; the last test searches
 * everything the bots logged, sent and stored for any piece of any license used.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { licenseFingerprint } from '../../src/license/verify.js';
import { added, messagesBy, summary } from '../bot/support/decisions.js';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import {
  type Conversation,
  codeOf,
  everythingTheBotEmitted,
  type LicenseWorld,
  leakFinder,
  press,
  startLicenseWorld,
} from './support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;
let admin: Conversation;
let bob: Conversation;

beforeAll(async () => {
  // Rocket.Chat's verdict is read back every 50 ms for at most 5 s (production: every 500 ms for 15 s): an application
  // whose read-back misses the verdict then ends well inside the decision wait below, and the test still sees its answer.
  lw = await startLicenseWorld(t, { licenseFlow: { applyPollMs: 50, applyWaitMs: 5_000 } });
  admin = await lw.conversation(lw.world.admin);
  bob = await lw.conversation(await lw.newUser('bob', ['admin']));
  await lw.replica();
}, 120_000);
afterAll(async () => lw?.stop());

/** The bot's messages in a room, from Rocket.Chat's database: all it had posted once it emitted its decision. */
const botMessages = (roomId: string) => messagesBy(t.db, roomId, lw.botId);
const audit = async () => lw.storeDb().collection('license_audit').find({}).toArray();
const installed = async () => ({ license: await lw.setting('Enterprise_License'), status: await lw.setting('Enterprise_License_Status') });
/** The bots (this file runs two replicas). */
const REPLICAS = 2;
/**
 * The wait for both replicas' decisions on one message. Applying a license is some twenty requests in a row to
 * Rocket.Chat and both databases (claims, the request, the license read again, the counters, licenses.add, the
 * read-back, the audit, the reply), by two replicas at once in the race below: 9 s on FerretDB at load 7. So the wait
 * is most of the test's 30 s rather than the 15 s default; each test does one such round.
 */
const DECISION_MS = 25_000;
/** What every replica decided about a message: waits for each of them, so a duplicate answer would have been posted. */
const decided = async (mark: number, messageId: string) =>
  (await lw.world.decisions.after(mark, (e) => e.messageId === messageId, { count: REPLICAS, timeoutMs: DECISION_MS })).map(summary).sort();
/**
 * Posts `text` where others read, waits until both replicas decided (`expected`), and returns the one warning sent to
 * the poster's DM and whatever the bots said in the room itself.
 */
async function postedInRoom(c: Conversation, roomId: string, text: string, expected = ['intercepted', 'intercepted']) {
  const [roomBefore, dmBefore] = [await botMessages(roomId), await botMessages(c.roomId)];
  const mark = lw.world.decisions.mark();
  const sent = await c.user.send(roomId, text);
  expect(await decided(mark, sent._id)).toEqual(expected);
  const warnings = added(dmBefore, await botMessages(c.roomId));
  expect(warnings).toHaveLength(1);
  return { sent, warning: await c.watch.next((m) => m._id === warnings[0]), saidThere: added(roomBefore, await botMessages(roomId)) };
}

/** Sends (or presses), waits until both replicas decided, checks one answered and one stood back, returns the single answer. */
async function answeredOnce(c: Conversation, act: () => Promise<{ _id: string }>): Promise<Message> {
  const before = await botMessages(c.roomId);
  const mark = lw.world.decisions.mark();
  const sent = await act();
  expect(await decided(mark, sent._id)).toEqual([expect.stringMatching(/^handled /), 'ignored claimed-by-other-replica']);
  const answers = added(before, await botMessages(c.roomId));
  expect(answers).toHaveLength(1);
  return c.watch.next((m) => m._id === answers[0]);
}

describe('two bot replicas on the same Rocket.Chat', () => {
  // One round of messages per test: the card, then its confirmation.
  const single: { text?: string; card?: Message } = {};

  test('a license sent by DM is answered once', async () => {
    const text = lw.v3();
    single.text = text;
    single.card = await answeredOnce(admin, () => admin.user.send(admin.roomId, text));
    expect(codeOf(single.card)).toMatch(/^[A-Z0-9]{6}$/);
  });

  test('confirming it applies it once', async () => {
    const { text, card } = single as Required<typeof single>;
    expect(card, 'the card of the test before').toBeTruthy();
    const applied = await answeredOnce(admin, () => press(admin, card, 'Apply license'));
    expect(applied.msg).toMatch(/^✔ Applied/);
    const entries = (await audit()).filter((e) => e.fingerprint === licenseFingerprint(text));
    expect(entries.map((e) => `${e.action}: ${e.outcome}`)).toEqual(['check: valid: waiting for confirmation', 'apply: applied, valid']);
    expect(await installed()).toEqual({ license: text, status: 'Valid' });
  });

  // Two tests, each one round of messages handled by both replicas (several seconds each on a loaded machine):
  // first both admins get their card, then both confirm at the same moment.
  const mine = () => lw.v3({ limits: { activeUsers: [{ max: 1500, behavior: 'prevent_action' }] } });
  const theirs = () => lw.v3({ limits: { activeUsers: [{ max: 2500, behavior: 'prevent_action' }] } });
  const race: { mine?: string; theirs?: string; myCard?: Message; theirCard?: Message; before?: string } = {};

  test('two admins sending different licenses at the same moment: one card each', async () => {
    race.before = String((await installed()).license);
    race.mine = mine();
    race.theirs = theirs();
    const [myCard, theirCard] = await Promise.all([
      answeredOnce(admin, () => admin.user.send(admin.roomId, race.mine as string)),
      answeredOnce(bob, () => bob.user.send(bob.roomId, race.theirs as string)),
    ]);
    expect(codeOf(myCard)).not.toBe(codeOf(theirCard));
    Object.assign(race, { myCard, theirCard });
  });

  test('two admins confirming different licenses at the same moment: one application, one answer each', async () => {
    const { before, mine, theirs, myCard, theirCard } = race as Required<typeof race>;
    expect(myCard && theirCard, 'the cards of the test before').toBeTruthy();
    const answers = await Promise.all([
      answeredOnce(admin, () => admin.user.send(admin.roomId, `apply ${codeOf(myCard)}`)),
      answeredOnce(bob, () => bob.user.send(bob.roomId, `apply ${codeOf(theirCard)}`)),
    ]);

    const appliedIndex = answers.findIndex((m) => m.msg.startsWith('✔ Applied'));
    expect(appliedIndex).toBeGreaterThanOrEqual(0);
    const other = answers[1 - appliedIndex];
    expect(other?.msg).toMatch(/^(Another license is being applied right now|The installed license changed since I checked yours)/);
    const winner = appliedIndex === 0 ? mine : theirs;
    expect(await installed()).toEqual({ license: winner, status: 'Valid' });
    const applications = (await audit()).filter((e) => e.outcome === 'applied, valid' && [mine, theirs].map(licenseFingerprint).includes(e.fingerprint));
    expect(applications.map((e) => e.fingerprint)).toEqual([licenseFingerprint(winner)]);
    expect(before).not.toBe(winner);
  });
});

describe('a license posted in a room', () => {
  test('is not used: one replica deletes it and warns the sender in a DM, and nothing is said in the room', async () => {
    const before = await installed();
    const roomId = lw.world.seed.adminRoom._id;
    const text = lw.v3();
    const { sent, warning, saidThere } = await postedInRoom(admin, roomId, `/license ${text}`);
    expect(warning.msg).toMatch(/^⚠️ You posted what looks like a Rocket\.Chat license in #infobot-admin\. I did not use it/);
    expect(warning.msg).toMatch(/I deleted that message for you/);
    expect(await t.db.collection('rocketchat_message').findOne({ _id: sent._id as never })).toBeNull();
    expect(saidThere).toEqual([]);
    expect(await installed()).toEqual(before);
    const entries = (await audit()).filter((e) => e.fingerprint === licenseFingerprint(text));
    expect(entries).toMatchObject([{ action: 'channel-post', user: { username: 'admin' }, roomId, messageId: sent._id, outcome: 'not used; message deleted; sender warned by DM' }]);
  });

  test('in a room the bot serves, when it may not delete it: the sender is asked to delete it', async () => {
    const permissions = t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions');
    const saved = await permissions.find({ _id: { $in: ['force-delete-message', 'delete-message'] } }).toArray();
    await permissions.updateMany({ _id: { $in: ['force-delete-message', 'delete-message'] } }, { $set: { roles: [] } });
    try {
      const user = await lw.conversation(lw.world.user);
      const roomId = lw.world.seed.adminRoom._id;
      const text = lw.v2();
      const { sent, warning, saidThere } = await postedInRoom(user, roomId, `our license, for the record:\n${text}`);
      expect(warning.msg).toMatch(/in #infobot-admin\. I did not use it/);
      expect(warning.msg).toMatch(/Please delete that message now: I could not delete it myself \(.+\)/);
      expect(await t.db.collection('rocketchat_message').findOne({ _id: sent._id as never })).not.toBeNull();
      expect(saidThere).toEqual([]);
    } finally {
      for (const doc of saved) await permissions.updateOne({ _id: doc._id }, { $set: { roles: doc.roles } });
    }
  });
});

describe('a license in a direct message with other members', () => {
  test('is not checked: the sender is warned in a one-to-one DM, and nothing is said where the others read', async () => {
    const group = await admin.user.post<{ room: { _id: string } }>('im.create', { usernames: `${lw.world.seed.accounts.user.username},${lw.world.seed.accounts.bot.username}` });
    const auditBefore = (await audit()).length;
    const text = lw.v3();
    const { warning, saidThere } = await postedInRoom(admin, group.room._id, text, ['handled license', 'ignored claimed-by-other-replica']);
    expect(warning.msg).toMatch(/in a direct message with other members\. I did not use it/);
    expect(saidThere).toEqual([]);
    const entries = (await audit()).slice(auditBefore);
    expect(entries).toMatchObject([{ action: 'channel-post', fingerprint: licenseFingerprint(text), roomId: group.room._id }]);
  });
});

describe('secrecy', () => {
  test('no piece of any license used in this file is in any log line, any message a bot sent, or the bots’ database', async () => {
    const find = leakFinder(lw.licenses);
    const pasted = await t.db.collection('rocketchat_message').find({ 'u._id': lw.world.seed.accounts.admin._id }).toArray();
    expect(pasted.filter((m) => find(JSON.stringify(m))).length).toBeGreaterThanOrEqual(2);
    const emitted = await everythingTheBotEmitted(lw);
    const leaks = emitted.flatMap(({ where, text }) => {
      const piece = find(text);
      return piece ? [`${where}: …${piece}…`] : [];
    });
    expect(leaks).toEqual([]);
  });
});
