/**
 * The license leak guard in REST-only mode (no database URL at all): a license posted in a served room is deleted and
 * its author warned by DM, as in database mode; the audit record goes to the bot's data file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { licenseFingerprint } from '../../src/license/verify.js';
import { FILE_STORE_NAME } from '../../src/store/file-store.js';
import { openFileDb } from '../support/db.js';
import { type Conversation, type LicenseWorld, startLicenseWorld } from '../license-flow/support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;
let user: Conversation;

beforeAll(async () => {
  lw = await startLicenseWorld(t, {}, { source: 'rest' });
  user = await lw.conversation(lw.world.user);
}, 120_000);
afterAll(async () => lw?.stop());

describe('the leak guard without database access', () => {
  test('a license in the admin room is deleted, its author warned by DM, and the audit kept in the data file', async () => {
    const before = new Set(user.watch.messages.map((m) => m._id));
    const text = lw.v3();
    const sent = await lw.world.user.send(lw.world.seed.adminRoom._id, text);
    const warning = await user.watch.next((m) => m.u._id === lw.botId && !before.has(m._id), 20_000);
    expect(warning.msg).toMatch(/^⚠️ You posted what looks like a Rocket\.Chat license in #infobot-admin/);
    expect(warning.msg).toContain('I deleted that message for you.');
    expect(await t.db.collection('rocketchat_message').findOne({ _id: sent._id as never })).toBeNull();
    const dataDir = lw.world.config.dataDir;
    const data = JSON.parse(await readFile(join(dataDir, FILE_STORE_NAME), 'utf8')) as { audits: Record<string, { messageId: string; fingerprint: string }[]> };
    expect(data.audits.license_audit?.map((e) => [e.messageId, e.fingerprint])).toEqual([[sent._id, licenseFingerprint(text)]]);
    expect(JSON.stringify(data)).not.toContain(text);
  });
});
