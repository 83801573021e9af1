/**
 * Security review findings 4 and 6 end to end: the leak guard deleted certificates in rooms it does not serve, and left a
 * license uploaded as a `.txt` file in a room. The real bot, SDK and emulator. "Nothing happened" to a message is
 * observed through ordering: the same user then posts a real license in the same room, and the bot handles messages in
 * the order the stream delivers them, so once its warning about the second arrives, it has looked at the first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { licenseFingerprint } from '../../src/license/verify.js';
import { openFileDb } from '../support/db.js';
import type { RoomWatch } from '../support/rc-user.js';
import { type Conversation, type LicenseWorld, startLicenseWorld, upload } from '../license-flow/support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;
let user: Conversation;

beforeAll(async () => {
  lw = await startLicenseWorld(t);
  user = await lw.conversation(lw.world.user);
}, 120_000);
afterAll(async () => lw?.stop());

const known = (watch: RoomWatch) => new Set(watch.messages.map((m) => m._id));
const stored = (id: string) => t.db.collection('rocketchat_message').findOne({ _id: id as never });
const audit = async () => lw.storeDb().collection('license_audit').find({}).toArray();
const nextWarning = (before: ReadonlySet<string>) => user.watch.next((m) => m.u._id === lw.botId && !before.has(m._id), 20_000);

function certificate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infobot-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=example.test'], {
      stdio: 'ignore',
    });
    return readFileSync(join(dir, 'c.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('security review finding 4: the guard deletes licenses only, and only where it serves', () => {
  test('finding 4 (false positive): a TLS certificate posted in a served room stays, and its author is not told anything', async () => {
    const roomId = lw.world.seed.adminRoom._id;
    const before = known(user.watch);
    const cert = await lw.world.user.send(roomId, `here is our public cert:\n${certificate()}`);
    const license = await lw.world.user.send(roomId, lw.v3());
    const warning = await nextWarning(before);
    expect(warning.msg).toMatch(/^⚠️ You posted what looks like a Rocket\.Chat license in #infobot-admin/);
    expect(await stored(cert._id)).not.toBeNull();
    expect(await stored(license._id)).toBeNull();
    expect((await audit()).filter((e) => e.messageId === cert._id)).toEqual([]);
  });

  test('finding 4 (unserved room): a license in a room the bot does not serve is not deleted; the author is warned by DM', async () => {
    const before = known(user.watch);
    const text = lw.v2();
    const sent = await lw.world.user.send('GENERAL', `our license, for the record:\n${text}`);
    const warning = await nextWarning(before);
    expect(warning.msg).toMatch(/in #general\. I did not use it/);
    expect(warning.msg).toMatch(/Please delete that message now: I do not act in #general, so I left it as it is\./);
    expect(await stored(sent._id)).not.toBeNull();
    const entries = (await audit()).filter((e) => e.messageId === sent._id);
    expect(entries).toMatchObject([{ action: 'channel-post', fingerprint: licenseFingerprint(text), outcome: 'not used; message left (a room the bot does not serve); sender warned by DM' }]);
  });
});

describe('security review finding 6: a license uploaded as a file into a room', () => {
  test('finding 6 (gap): a .txt upload holding a license in a served room is deleted and its author warned by DM', async () => {
    const roomId = lw.world.seed.adminRoom._id;
    const before = known(user.watch);
    const text = lw.v3();
    await upload(lw.world.user, roomId, 'our-license.txt', `${text}\n`);
    const warning = await nextWarning(before);
    expect(warning.msg).toMatch(/^⚠️ You posted what looks like a Rocket\.Chat license in #infobot-admin/);
    expect(warning.msg).toMatch(/I deleted that message for you/);
    const entries = (await audit()).filter((e) => e.fingerprint === licenseFingerprint(text));
    expect(entries).toMatchObject([{ action: 'channel-post', roomId, outcome: 'not used; message deleted; sender warned by DM' }]);
    const left = await t.db.collection('rocketchat_message').findOne({ rid: roomId, 'file.name': 'our-license.txt' });
    expect(left).toBeNull();
  });
});
