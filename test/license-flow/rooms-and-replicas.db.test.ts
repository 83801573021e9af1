/**
 * The license flow with several bot replicas on one Rocket.Chat and one bot database, and licenses posted where they
 * must not be: in rooms. End to end through the emulator, the real SDK and the test database; the last test searches
 * everything the bots logged, sent and stored for any piece of any license used.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { licenseFingerprint } from '../../src/license/verify.js';
import { settle } from '../bot/support/world.js';
import { openFileDb } from '../support/db.js';
import type { Message, RoomWatch } from '../support/rc-user.js';
import {
  type Conversation,
  codeOf,
  everythingTheBotEmitted,
  type LicenseWorld,
  leakFinder,
  press,
  say,
  startLicenseWorld,
} from './support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;
let admin: Conversation;
let bob: Conversation;

beforeAll(async () => {
  lw = await startLicenseWorld(t);
  admin = await lw.conversation(lw.world.admin);
  bob = await lw.conversation(await lw.newUser('bob', ['admin']));
  await lw.replica();
}, 120_000);
afterAll(async () => lw?.stop());

/** Bot messages in a watch that were not there before. */
const newFromBot = (watch: RoomWatch, known: ReadonlySet<string>) => [...new Set(watch.messages.filter((m) => m.u._id === lw.botId && !known.has(m._id)).map((m) => m._id))];
const known = (watch: RoomWatch) => new Set(watch.messages.map((m) => m._id));
const audit = async () => lw.storeDb().collection('license_audit').find({}).toArray();
const installed = async () => ({ license: await lw.setting('Enterprise_License'), status: await lw.setting('Enterprise_License_Status') });
/** Long enough for a second replica's duplicate answer to arrive, were there one. */
const DUPLICATE_WINDOW_MS = 1_500;

describe('two bot replicas on the same Rocket.Chat', () => {
  test('a license sent by DM is answered once, and confirming it applies it once', async () => {
    const text = lw.v3();
    const before = known(admin.watch);
    const card = await say(admin, lw.botId, text);
    await settle(DUPLICATE_WINDOW_MS);
    expect(newFromBot(admin.watch, before)).toEqual([card._id]);

    const beforeApply = known(admin.watch);
    await press(admin, card, 'Apply license');
    const applied = await admin.watch.next((m) => m.u._id === lw.botId && !beforeApply.has(m._id));
    await settle(DUPLICATE_WINDOW_MS);
    expect(applied.msg).toMatch(/^✔ Applied/);
    expect(newFromBot(admin.watch, beforeApply)).toEqual([applied._id]);
    const entries = (await audit()).filter((e) => e.fingerprint === licenseFingerprint(text));
    expect(entries.map((e) => `${e.action}: ${e.outcome}`)).toEqual(['check: valid: waiting for confirmation', 'apply: applied, valid']);
    expect(await installed()).toEqual({ license: text, status: 'Valid' });
  });

  test('two admins confirming different licenses at the same moment: one application, one answer each', async () => {
    const before = String((await installed()).license);
    const mine = lw.v3({ limits: { activeUsers: [{ max: 1500, behavior: 'prevent_action' }] } });
    const theirs = lw.v3({ limits: { activeUsers: [{ max: 2500, behavior: 'prevent_action' }] } });
    const [myCode, theirCode] = [codeOf(await say(admin, lw.botId, mine)), codeOf(await say(bob, lw.botId, theirs))];
    const [adminBefore, bobBefore] = [known(admin.watch), known(bob.watch)];
    await Promise.all([admin.user.send(admin.roomId, `apply ${myCode}`), bob.user.send(bob.roomId, `apply ${theirCode}`)]);
    const answers = await Promise.all(
      [admin, bob].map((c, i) => c.watch.next((m: Message) => m.u._id === lw.botId && !(i === 0 ? adminBefore : bobBefore).has(m._id))),
    );
    await settle(DUPLICATE_WINDOW_MS);
    expect(newFromBot(admin.watch, adminBefore)).toHaveLength(1);
    expect(newFromBot(bob.watch, bobBefore)).toHaveLength(1);

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
    const roomBefore = known(lw.world.room);
    const dmBefore = known(admin.watch);
    const text = lw.v3();
    const sent = await admin.user.send(roomId, `/license ${text}`);
    const warning = await admin.watch.next((m) => m.u._id === lw.botId && !dmBefore.has(m._id));
    await settle(DUPLICATE_WINDOW_MS);
    expect(warning.msg).toMatch(/^⚠️ You posted what looks like a Rocket\.Chat license in #infobot-admin\. I did not use it/);
    expect(warning.msg).toMatch(/I deleted that message for you/);
    expect(newFromBot(admin.watch, dmBefore)).toEqual([warning._id]);
    expect(await t.db.collection('rocketchat_message').findOne({ _id: sent._id as never })).toBeNull();
    expect(newFromBot(lw.world.room, roomBefore)).toEqual([]);
    expect(await installed()).toEqual(before);
    const entries = (await audit()).filter((e) => e.fingerprint === licenseFingerprint(text));
    expect(entries).toMatchObject([{ action: 'channel-post', user: { username: 'admin' }, roomId, messageId: sent._id, outcome: 'not used; message deleted; sender warned by DM' }]);
  });

  test('in a room the bot does not serve, when it may not delete it: the sender is asked to delete it', async () => {
    const permissions = t.db.collection<{ _id: string; roles: string[] }>('rocketchat_permissions');
    const saved = await permissions.find({ _id: { $in: ['force-delete-message', 'delete-message'] } }).toArray();
    await permissions.updateMany({ _id: { $in: ['force-delete-message', 'delete-message'] } }, { $set: { roles: [] } });
    try {
      const user = await lw.conversation(lw.world.user);
      const general = await lw.world.user.watch('GENERAL');
      lw.watches.push(general);
      const [dmBefore, generalBefore] = [known(user.watch), known(general)];
      const text = lw.v2();
      const sent = await lw.world.user.send('GENERAL', `our license, for the record:\n${text}`);
      const warning = await user.watch.next((m) => m.u._id === lw.botId && !dmBefore.has(m._id));
      await settle(DUPLICATE_WINDOW_MS);
      expect(warning.msg).toMatch(/in #general\. I did not use it/);
      expect(warning.msg).toMatch(/Please delete that message now: I could not delete it myself \(.+\)/);
      expect(await t.db.collection('rocketchat_message').findOne({ _id: sent._id as never })).not.toBeNull();
      expect(newFromBot(general, generalBefore)).toEqual([]);
      expect(newFromBot(user.watch, dmBefore)).toEqual([warning._id]);
    } finally {
      for (const doc of saved) await permissions.updateOne({ _id: doc._id }, { $set: { roles: doc.roles } });
    }
  });
});

describe('a license in a direct message with other members', () => {
  test('is not checked: the sender is warned in a one-to-one DM, and nothing is said where the others read', async () => {
    const group = await admin.user.post<{ room: { _id: string } }>('im.create', { usernames: `${lw.world.seed.accounts.user.username},${lw.world.seed.accounts.bot.username}` });
    const groupWatch = await admin.user.watch(group.room._id);
    lw.watches.push(groupWatch);
    const [dmBefore, groupBefore, auditBefore] = [known(admin.watch), known(groupWatch), (await audit()).length];
    const text = lw.v3();
    await admin.user.send(group.room._id, text);
    const warning = await admin.watch.next((m) => m.u._id === lw.botId && !dmBefore.has(m._id));
    await settle(DUPLICATE_WINDOW_MS);
    expect(warning.msg).toMatch(/in a direct message with other members\. I did not use it/);
    expect(newFromBot(groupWatch, groupBefore)).toEqual([]);
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
