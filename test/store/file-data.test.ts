/**
 * The features' data in the embedded store (REST-only mode without INFOBOT_MONGO_URL), through the same ports the
 * features use over the database (store/bot-data.ts): what each keeps, its bounds, and that all of it survives a
 * restart on the same data directory. Expected values are written out from the inputs, never read through the store.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { DailySnapshot } from '../../src/history/numbers.js';
import type { NewRequest } from '../../src/license/flow/requests.js';
import type { SettingChange } from '../../src/setting-change/change.js';
import { type BotData, fileData } from '../../src/store/bot-data.js';
import { collectionFileName, type FileStore, openFileStore } from '../../src/store/file-store.js';
import { fileCollection } from './support/data-files.js';

const MINUTE = 60_000;
let dir: string;
let clock: number;
const opened: FileStore[] = [];

/** The bot's data as a process started now on `dir` sees it. */
async function start(owner = 'bot'): Promise<BotData> {
  const file = await openFileStore(dir, owner, { now: () => clock });
  opened.push(file);
  return fileData(file);
}

/** Stops every process started so far (their writes finish), as a bot's stop does. */
async function stopAll(): Promise<void> {
  for (const file of opened.splice(0)) await file.close();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'infobot-file-data-'));
  clock = Date.UTC(2026, 10, 26, 9, 0);
});
afterEach(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

function snapshot(day: string, totalUsers: number): DailySnapshot {
  return { day, takenAt: new Date(`${day}T08:00:00Z`), numbers: { totalUsers } } as unknown as DailySnapshot;
}

function licenseRequest(userId: string, n: number): NewRequest {
  return { userId, username: userId, source: { roomId: `dm-${userId}`, messageId: `m${n}`, sentAt: new Date(clock) }, fingerprint: String(n).padStart(64, 'f'), installedFingerprint: null };
}

function change(settingId: string, to: unknown): SettingChange {
  return { settingId, label: settingId, defaultValue: false, to, consequences: [], appliedNote: '' };
}

describe('the history in the data file', () => {
  test('one snapshot per day (a retried day replaces its own), compared with yesterday and a week ago, listed newest first, pruned by age', async () => {
    const data = await start();
    for (const [day, users] of [['2026-11-10', 5], ['2026-11-18', 7], ['2026-11-24', 8], ['2026-11-25', 9]] as const) await data.history.save(snapshot(day, users));
    await data.history.save(snapshot('2026-11-25', 10));
    expect(await data.history.baseline('2026-11-25')).toEqual({ yesterday: snapshot('2026-11-24', 8), weekAgo: snapshot('2026-11-18', 7), hasHistory: true });
    expect(await data.history.baseline('2026-11-10')).toEqual({ yesterday: undefined, weekAgo: undefined, hasHistory: false });
    expect((await data.history.recent('2026-11-24', 2)).map((s) => s.day)).toEqual(['2026-11-24', '2026-11-18']);
    expect(await data.history.recent('2026-11-25', 1)).toEqual([snapshot('2026-11-25', 10)]);
    expect(await data.history.extent()).toEqual({ oldest: '2026-11-10', days: 4 });
    expect(await data.history.prune('2026-11-25', 7)).toBe(1);
    expect((await fileCollection(dir, 'history')).map((d) => d._id).sort()).toEqual(['2026-11-18', '2026-11-24', '2026-11-25']);
  });
});

describe('the daily posts in the data file', () => {
  test('a retry hands the day back until its time; a sent day is final; records go with their days', async () => {
    const data = await start();
    const now = new Date(clock);
    const first = await data.dailyPosts.claim('ops', '2026-11-26', now, 10 * MINUTE);
    if (first.kind !== 'claimed') throw new Error(`expected the day, got ${first.kind}`);
    await first.hold.release(new Date(clock + 5 * MINUTE), 'HTTP 503', 1);
    expect(await data.dailyPosts.claim('ops', '2026-11-26', new Date(clock + 4 * MINUTE), 10 * MINUTE)).toEqual({ kind: 'busy' });
    const second = await data.dailyPosts.claim('ops', '2026-11-26', new Date(clock + 5 * MINUTE), 10 * MINUTE);
    if (second.kind !== 'claimed') throw new Error(`expected the day, got ${second.kind}`);
    expect(second.hold.attempts).toBe(1);
    await second.hold.markSent(new Date(clock + 5 * MINUTE), ['m1']);
    const record = await data.dailyPosts.find('ops', '2026-11-26');
    expect(record).toEqual({ _id: '2026-11-26|ops', room: 'ops', day: '2026-11-26', owner: 'bot', state: 'sent', attempts: 1, lastError: 'HTTP 503', sentAt: new Date(clock + 5 * MINUTE), messageIds: ['m1'] });
    // As the database's $set: the last error stays beside the final state; the retry time goes.
    // A holder taken over never overwrites a final day.
    await second.hold.markFailed(new Date(clock + 6 * MINUTE), 'late', 2);
    expect(await data.dailyPosts.find('ops', '2026-11-26')).toEqual(record);
    expect(await data.dailyPosts.pruneBefore('2026-11-27')).toBe(1);
    expect(await data.dailyPosts.find('ops', '2026-11-26')).toBeUndefined();
  });
});

describe('pending confirmations in the data file', () => {
  test('a new license request supersedes only its sender’s pending ones; codes are found in any case; one begin wins', async () => {
    const data = await start();
    const requests = data.licenseRequests({ ttlMs: 10 * MINUTE, now: () => new Date(clock) });
    const first = await requests.create(licenseRequest('ada', 1));
    const other = await requests.create(licenseRequest('bob', 2));
    const second = await requests.create(licenseRequest('ada', 3));
    expect(first._id).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(await requests.find(first._id)).toMatchObject({ state: 'superseded', supersededBy: second._id });
    expect(await requests.find(` \`${other._id.toLowerCase()}\` please`)).toMatchObject({ state: 'pending', userId: 'bob' });
    expect((await requests.find(second._id))?.expiresAt).toEqual(new Date(clock + 10 * MINUTE));
    const wins = await Promise.all(Array.from({ length: 5 }, () => requests.begin(second._id)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await requests.settle(second._id, 'pending');
    expect(await requests.begin(second._id)).toBe(true);
    clock += MINUTE;
    expect(await requests.begin(second._id)).toBe(false);
    // Still `applying` five minutes on: the application was cut short, and may be retried.
    clock += 5 * MINUTE;
    expect(await requests.begin(second._id)).toBe(true);
    expect((await requests.cancelPending('bob')).map((r) => [r._id, r.state])).toEqual([[other._id, 'pending']]);
    expect(await requests.find(other._id)).toMatchObject({ state: 'cancelled' });
    clock += 5 * MINUTE;
    expect(await requests.begin(first._id)).toBe(false);
  });

  test('a setting change supersedes its proposer’s pending one for the same setting only', async () => {
    const data = await start();
    const requests = data.changeRequests({ ttlMs: MINUTE, now: () => new Date(clock) });
    const first = await requests.create({ userId: 'ada', username: 'ada', change: change('A', true), from: false });
    const otherSetting = await requests.create({ userId: 'ada', username: 'ada', change: change('B', 'x'), from: '' });
    const otherUser = await requests.create({ userId: 'bob', username: 'bob', change: change('A', true), from: false });
    const second = await requests.create({ userId: 'ada', username: 'ada', change: change('A', 'again'), from: false });
    expect(await requests.find(first._id)).toMatchObject({ state: 'superseded', supersededBy: second._id });
    for (const pending of [otherSetting, otherUser, second]) expect((await requests.find(pending._id))?.state).toBe('pending');
    clock += MINUTE;
    expect(await requests.begin(second._id)).toBe(false);
    await requests.expire(second._id);
    expect((await requests.find(second._id))?.state).toBe('expired');
  });

  test('a request is kept a day after it expires (a late confirmation gets a precise answer), then goes with the next write', async () => {
    const data = await start();
    const requests = data.licenseRequests({ ttlMs: 10 * MINUTE, now: () => new Date(clock) });
    const old = await requests.create(licenseRequest('ada', 1));
    clock += 10 * MINUTE + 24 * 60 * MINUTE - 1;
    await requests.create(licenseRequest('bob', 2));
    expect(await requests.find(old._id)).toMatchObject({ state: 'pending' });
    clock += 1;
    await requests.create(licenseRequest('bob', 3));
    expect(await requests.find(old._id)).toBeNull();
    expect((await fileCollection(dir, 'license_requests')).map((d) => d.userId)).toEqual(['bob', 'bob']);
  });
});

describe('a restart on the same data directory', () => {
  test('finds the history, the posted day, a held day’s lease, the alert state, the pending codes and the audits as they were left', async () => {
    const before = await start('first');
    await before.history.save(snapshot('2026-11-25', 9));
    const sent = await before.dailyPosts.claim('ops', '2026-11-25', new Date(clock), 10 * MINUTE);
    if (sent.kind !== 'claimed') throw new Error('expected the day');
    await sent.hold.markSent(new Date(clock), ['m1']);
    // The day being posted when the process stopped: its lease outlives the process.
    expect((await before.dailyPosts.claim('ops', '2026-11-26', new Date(clock), 10 * MINUTE)).kind).toBe('claimed');
    const firing = { _id: 'seats', phase: 'firing' as const, since: new Date(clock - MINUTE), firedAt: new Date(clock), text: 'seats at 95%' };
    await before.alertState.apply({ write: [firing], remove: [], posts: [] });
    const code = (await before.licenseRequests({ ttlMs: 10 * MINUTE, now: () => new Date(clock) }).create(licenseRequest('ada', 1)))._id;
    const origin = { at: new Date(clock), user: { id: 'ada', username: 'ada' }, roomId: 'dm', messageId: 'm1' };
    await before.licenseAudit.record({ ...origin, action: 'check', fingerprint: 'f'.repeat(64), outcome: 'valid: waiting for confirmation', previousFingerprint: null });
    await before.settingAudit.record({ ...origin, action: 'propose', settingId: 'A', code: null, from: false, to: true, outcome: 'waiting for confirmation' });
    await stopAll();

    clock += MINUTE;
    const after = await start('second');
    expect(await after.history.recent('2026-11-26', 5)).toEqual([snapshot('2026-11-25', 9)]);
    expect(await after.dailyPosts.claim('ops', '2026-11-25', new Date(clock), 10 * MINUTE)).toMatchObject({ kind: 'done', state: 'sent' });
    expect(await after.dailyPosts.claim('ops', '2026-11-26', new Date(clock), 10 * MINUTE)).toEqual({ kind: 'busy' });
    expect((await after.dailyPosts.claim('ops', '2026-11-26', new Date(clock + 9 * MINUTE), 10 * MINUTE)).kind).toBe('claimed');
    expect(await after.alertState.all()).toEqual([firing]);
    expect(await after.licenseRequests({ ttlMs: 10 * MINUTE, now: () => new Date(clock) }).begin(code)).toBe(true);
    expect((await after.licenseAudit.recent(5)).map((e) => [e.action, e.at])).toEqual([['check', origin.at]]);
    expect((await after.settingAudit.recent(5)).map((e) => [e.action, e.settingId, e.to])).toEqual([['propose', 'A', true]]);
  });

  test('a broken collection file stops the start with one line naming INFOBOT_DATA_DIR', async () => {
    await writeFile(join(dir, collectionFileName('history')), '{"docs": {', 'utf8');
    const error = await start().catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/infobot-history\.json cannot be read .*INFOBOT_DATA_DIR/);
    expect((error as Error).message).not.toContain('\n');
    expect(await readFile(join(dir, collectionFileName('history')), 'utf8')).toBe('{"docs": {');
  });
});
