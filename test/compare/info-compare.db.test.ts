/**
 * `/info compare` through the real bot and the emulator: the bot's live numbers beside Rocket.Chat's stored snapshot
 * (written by the emulator as Rocket.Chat's statistics.save() does), counter drift told apart from time passed, and the
 * refresh that happens only after the admin confirms it. Expected figures come from the raw documents.
 */
import { describe, expect, test } from 'vitest';
import { rcSaveStatistics } from '../rc/statistics.js';
import { openFileDb } from '../support/db.js';
import type { Message } from '../support/rc-user.js';
import { ask, worldFor } from '../bot/support/world.js';

const t = await openFileDb();
// No snapshot at boot: each test saves the one it compares with, and Rocket.Chat's full statistics plan running at
// boot (seconds on FerretDB) would only compete with the first comparison.
const world = worldFor(t, () => ({ statisticsAtBoot: false }));
const adminRoom = () => world.seed.adminRoom._id;

type Raw = { _id: string; createdAt: Date; totalChannelMessages?: number; totalMessages?: number | null };
const newestSnapshot = async () => (await t.db.collection<Raw>('rocketchat_statistics').find({}).toArray()).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
const snapshotCount = () => t.db.collection('rocketchat_statistics').countDocuments({});
// statistics.ts: the message totals are sums of the rooms' msgs counters, per room type c, p, d, l.
// statistics.ts (6.5+): channel messages are the msgs of channels that are not discussions.
const msgsSum = async () =>
  (await t.db.collection<{ t: string; msgs?: number; prid?: string }>('rocketchat_room').find({}).toArray())
    .filter((r) => r.t === 'c' && !r.prid)
    .reduce((n, r) => n + (r.msgs ?? 0), 0);
const isComparison = (m: Message) => m.msg.includes('values compared');
const COMPARISON_MS = 120_000;
/** The difference line of a field: bot value, Rocket.Chat value, cause. */
function line(answer: Message, field: string): { ours: number; theirs: number; cause: string } {
  const match = new RegExp(`^• ${field}: bot (-?\\d+) · Rocket\\.Chat (-?\\d+) — (.*)$`, 'm').exec(answer.msg);
  if (!match) throw new Error(`no difference line for ${field} in:\n${answer.msg}`);
  return { ours: Number(match[1]), theirs: Number(match[2]), cause: match[3] ?? '' };
}

describe('/info compare', () => {
  test('a room whose msgs counter moved without stored messages is named counter drift, beside the stored snapshot', async () => {
    // A snapshot saved now, as Rocket.Chat's statistics.save() does, while nothing else writes (the boot snapshot may
    // race with the bot's start-up notices: a message stored during the computation is in neither).
    await rcSaveStatistics(t.db, { version: '7.10.2' });
    const snapshot = await newestSnapshot();
    const drift = 5;
    await t.db.collection<{ _id: string; msgs?: number }>('rocketchat_room').updateOne({ _id: adminRoom() }, { $inc: { msgs: drift } });
    await world.admin.send(adminRoom(), 'a message after the snapshot');
    const before = await msgsSum();
    const { answer } = await ask(world, world.admin, adminRoom(), '/info compare', { done: isComparison, timeoutMs: COMPARISON_MS });
    const after = await msgsSum();
    expect(answer.msg).toContain('beside Rocket.Chat’s last stored snapshot');
    const total = line(answer, 'totalChannelMessages');
    expect(total.theirs).toBe(snapshot?.totalChannelMessages);
    expect(total.ours).toBeGreaterThanOrEqual(before);
    expect(total.ours).toBeLessThanOrEqual(after);
    // The seed's legacy-import room has no msgs field: Rocket.Chat's sum is NaN, stored as null, and the bot says why.
    expect(snapshot?.totalMessages).toBeNull();
    expect(answer.msg).toMatch(/^• totalMessages: bot \d+ · Rocket\.Chat null — Rocket\.Chat stored no number: a room without a numeric msgs counter/m);
    const cause = /^counter drift: the rooms’ msgs counters moved by (-?\d+) while (\d+) message\(s\) were stored since the snapshot/.exec(total.cause);
    expect(cause, total.cause).not.toBeNull();
    expect(Number(cause?.[1])).toBe(total.ours - total.theirs);
    // Every stored message moved a counter by one (the bot's own "computing…" notice may be stored after its sums):
    // what is left over is the drift put in.
    const stored = Number(cause?.[2]);
    expect(total.ours - total.theirs - stored).toBeGreaterThanOrEqual(drift - 1);
    expect(total.ours - total.theirs - stored).toBeLessThanOrEqual(drift);
    // Server-process facts the bot takes from the snapshot are named, not compared.
    expect(answer.msg).toMatch(/^Taken by the bot from this snapshot .*: .*\bprocess\b/m);
    expect(await snapshotCount(), 'a comparison writes nothing into Rocket.Chat').toBeGreaterThan(0);
  }, 180_000);

  test('--refresh says what a refresh does in Rocket.Chat and saves nothing until confirmed with the code', async () => {
    const stored = await snapshotCount();
    const { answer } = await ask(world, world.admin, adminRoom(), '/info compare --refresh');
    expect(answer.msg).toContain('saves a new statistics snapshot in rocketchat_statistics');
    expect(answer.msg).toContain('resets the seat-request counter');
    expect(answer.msg).toContain('Nothing has been done yet');
    const code = /--confirm ([A-Z0-9]+)`/.exec(answer.msg)?.[1];
    expect(code).toBeDefined();
    expect(await snapshotCount()).toBe(stored);

    const wrong = await ask(world, world.admin, adminRoom(), '/info compare --refresh --confirm ZZZZZZ');
    expect(wrong.answer.msg).toContain('No refresh is waiting under that code');
    expect(await snapshotCount()).toBe(stored);

    const { answer: done } = await ask(world, world.admin, adminRoom(), `/info compare --refresh --confirm ${code}`, { done: isComparison, timeoutMs: COMPARISON_MS });
    expect(done.msg).toContain('saved just now at your request');
    expect(await snapshotCount()).toBe(stored + 1);
    const saved = await newestSnapshot();
    expect(done.msg).toContain(`written by Rocket.Chat ${String((saved as { version?: string } | undefined)?.version)}`);

    const again = await ask(world, world.admin, adminRoom(), `/info compare --refresh --confirm ${code}`);
    expect(again.answer.msg).toContain('already used');
    expect(await snapshotCount()).toBe(stored + 1);
    // Four exchanges, two of them full statistics computations (Rocket.Chat's and the bot's): slow on FerretDB.
  }, 400_000);

  test('new messages since a snapshot are time passed, counted from the stored messages', async () => {
    await rcSaveStatistics(t.db, { version: '7.10.2' });
    const snapshot = await newestSnapshot();
    await world.admin.send(adminRoom(), 'one more message');
    const { answer } = await ask(world, world.admin, adminRoom(), '/info compare', { done: isComparison, timeoutMs: COMPARISON_MS });
    const total = line(answer, 'totalChannelMessages');
    expect(total.theirs).toBe(snapshot?.totalChannelMessages);
    const since = await t.db.collection('rocketchat_message').countDocuments({ ts: { $gt: snapshot?.createdAt } });
    expect(total.ours - total.theirs).toBeGreaterThanOrEqual(1);
    expect(total.cause, JSON.stringify({ since, snapshot: snapshot?._id })).toMatch(/^time passed: \d+ message\(s\) stored since the snapshot/);
  }, 180_000);
});
