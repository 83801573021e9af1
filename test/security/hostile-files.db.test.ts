/**
 * Security review finding 1, end to end: a message whose file fields and `title_link` point at an attacker's host, sent
 * to the bot's DM by an admin (who passes the `license` guard). The real bot, the real SDK and the emulator; the
 * attacker is an HTTP server on loopback that records every request.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openFileDb } from '../support/db.js';
import { ask } from '../bot/support/world.js';
import { answerTo, type Conversation, type LicenseWorld, startLicenseWorld } from '../license-flow/support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;
let admin: Conversation;
const attackerSaw: IncomingHttpHeaders[] = [];
const attacker = createServer((req, res) => {
  attackerSaw.push(req.headers);
  res.end('RCV3_x.y.z');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  lw = await startLicenseWorld(t);
  admin = await lw.conversation(lw.world.admin);
}, 120_000);
afterAll(async () => {
  await lw?.stop();
  attacker.closeAllConnections();
  await new Promise((resolve) => attacker.close(resolve));
});

describe('security review finding 1 end to end', () => {
  test('finding 1 (SSRF): a forged file message naming another host makes the bot download from Rocket.Chat only', async () => {
    const evil = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    const file = { _id: 'FAKEID1', name: 'license.txt', type: 'text/plain' };
    const answer = await answerTo(admin, lw.botId, () =>
      admin.user.send(admin.roomId, '', {
        file,
        files: [file],
        attachments: [{ title: 'license.txt', title_link: `${evil}/file-upload/FAKEID1/license.txt`, type: 'file' }],
      }),
    );
    // Rocket.Chat has no such upload: the bot asked Rocket.Chat (and was refused), never the attacker.
    expect(answer.msg).toMatch(/could not read the file/);
    expect(attackerSaw).toEqual([]);
  });
});

describe('security review finding 3 end to end', () => {
  test('finding 3 (echo): a user’s /info @all [login](http://ev.il) comes back with no mention and no link stored on the reply', async () => {
    const roomId = lw.world.seed.adminRoom._id;
    const userWatch = await lw.world.user.watch(roomId);
    lw.watches.push(userWatch);
    const { answer } = await ask(lw.world, lw.world.user, roomId, '/info @all [login](http://ev.il) @admin', { watch: userWatch });
    expect(answer.msg).toMatch(/^Unknown command `info ＠all \[login\]\(http:∕∕ev\.il\) ＠admin`\./);
    const reply = await t.db.collection('rocketchat_message').findOne({ _id: answer._id as never });
    expect(reply?.mentions ?? []).toEqual([]);
    expect(reply?.channels ?? []).toEqual([]);
    expect(reply?.urls ?? []).toEqual([]);
  });
});
