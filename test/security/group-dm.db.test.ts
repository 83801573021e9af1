/**
 * Security review finding 7: in a direct message with several members {admin, user, bot}, the admin's `/info usage` was
 * answered there, so the non-admin member read the Usage card; the license flow already treated such rooms as shared.
 * Now a command that needs a permission is refused in a shared DM unless every other member holds that permission too.
 * The real bot, SDK and emulator; the group DMs are made with Rocket.Chat's im.create as a client would.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { summary } from '../bot/support/decisions.js';
import { openFileDb } from '../support/db.js';
import type { RcUser } from '../support/rc-user.js';
import { type LicenseWorld, startLicenseWorld } from '../license-flow/support/license-world.js';

const t = await openFileDb();
let lw: LicenseWorld;

beforeAll(async () => {
  lw = await startLicenseWorld(t);
}, 120_000);
afterAll(async () => lw?.stop());

async function groupDm(owner: RcUser, others: string[]): Promise<string> {
  const { room } = await owner.post<{ room: { _id: string } }>('im.create', { usernames: [...others, lw.world.seed.accounts.bot.username].join(',') });
  return room._id;
}

/** Sends `text`, awaits the bot's decision, and returns it with what the bot posted in the room. */
async function command(from: RcUser, roomId: string, text: string) {
  const mark = lw.world.decisions.mark();
  const sent = await from.send(roomId, text);
  const [decision] = await lw.world.decisions.about(mark, sent._id);
  const said = await t.db
    .collection<{ msg: string; attachments?: { title?: string }[] }>('rocketchat_message')
    .find({ rid: roomId, 'u._id': lw.botId, ts: { $gte: new Date(Date.now() - 60_000) } })
    .toArray();
  return { decision: decision ? summary(decision) : '', said };
}

describe('security review finding 7: statistics in a group direct message', () => {
  test('finding 7 (group DM): an admin’s /info usage in a DM with a non-admin member is refused there, and no card is posted', async () => {
    const roomId = await groupDm(lw.world.admin, [lw.world.seed.accounts.user.username]);
    const { decision, said } = await command(lw.world.admin, roomId, '/info usage');
    expect(decision).toBe('refused shared-dm');
    expect(said).toHaveLength(1);
    expect(said[0]?.msg).toBe(
      '`/info usage` is not answered in a direct message with several members: some of them lack `view-statistics`, and they would all read the answer. Ask me in our own direct message.',
    );
    expect(said[0]?.attachments ?? []).toEqual([]);
  });

  test('finding 7 (group DM): when every member may read statistics, the same command is answered there', async () => {
    const second = await lw.newUser('admin2', ['admin']);
    const roomId = await groupDm(lw.world.admin, ['admin2']);
    const { decision, said } = await command(lw.world.admin, roomId, '/info usage');
    expect(decision).toBe('handled info usage');
    expect(said.flatMap((m) => m.attachments ?? []).map((a) => a.title)).toContain('Usage');
    await second.close();
  });

  test('finding 7 (group DM): a command that needs no permission (help) is still answered in the shared DM', async () => {
    const roomId = await groupDm(lw.world.user, [lw.world.seed.accounts.admin.username]);
    const { decision } = await command(lw.world.user, roomId, '/info help');
    expect(decision).toBe('handled info help');
  });
});
