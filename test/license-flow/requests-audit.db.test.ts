import { describe, expect, test } from 'vitest';
import { type AuditEntry, openLicenseAudit } from '../../src/license/flow/audit.js';
import { type LicenseRequest, type NewRequest, openLicenseRequests } from '../../src/license/flow/requests.js';
import { openClaims } from '../../src/store/claims.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();
const MINUTE = 60_000;

function request(userId: string, n: number): NewRequest {
  return {
    userId,
    username: `user-${userId}`,
    source: { roomId: `dm-${userId}`, messageId: `m-${userId}-${n}`, sentAt: new Date(Date.UTC(2026, 10, 26, 12, 0, n)) },
    fingerprint: `${n}`.padStart(64, 'f'),
    installedFingerprint: null,
  };
}

/** Requests as one replica sees them: its own claims (owner), the shared collections. */
async function replica(collection: string, owner: string, now?: () => Date) {
  const claims = await openClaims(t.db, owner, { collection: `${collection}_claims`, ...(now && { now }) });
  return openLicenseRequests(t.db, claims, { ttlMs: 10 * MINUTE, collection, ...(now && { now }) });
}

async function stored(collection: string, code: string): Promise<LicenseRequest | null> {
  return t.db.collection<LicenseRequest>(collection).findOne({ _id: code });
}

describe('licenses waiting for confirmation', () => {
  test('a new request gets a short unambiguous code and supersedes only its sender’s earlier pending one', async () => {
    const requests = await replica('req_supersede', 'solo');
    const first = await requests.create(request('ada', 1));
    const other = await requests.create(request('bob', 2));
    const second = await requests.create(request('ada', 3));
    expect(first._id).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(new Set([first._id, other._id, second._id]).size).toBe(3);
    expect(await stored('req_supersede', first._id)).toMatchObject({ state: 'superseded', supersededBy: second._id });
    expect(await stored('req_supersede', other._id)).toMatchObject({ state: 'pending' });
    expect(await stored('req_supersede', second._id)).toMatchObject({ state: 'pending', userId: 'ada' });
    expect((await stored('req_supersede', second._id))?.expiresAt.getTime()).toBe(second.createdAt.getTime() + 10 * MINUTE);
  });

  test('codes are found whatever the case they are typed in, with the backticks the card shows, or words after them', async () => {
    const requests = await replica('req_case', 'solo');
    const created = await requests.create(request('ada', 1));
    expect((await requests.find(` ${created._id.toLowerCase()} `))?._id).toBe(created._id);
    expect((await requests.find(`\`${created._id}\` please`))?._id).toBe(created._id);
  });

  test('confirmations racing on one code: exactly one begins the application', async () => {
    const requests = await replica('req_race', 'solo');
    const created = await requests.create(request('ada', 1));
    const replicas = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((owner) => replica('req_race', owner)));
    const wins = await Promise.all(replicas.map((r) => r.begin(created._id)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await stored('req_race', created._id))?.state).toBe('applying');
  });

  test('an expired code cannot begin; one put back to pending after a failed attempt can', async () => {
    let now = new Date('2026-11-26T12:00:00Z');
    const requests = await replica('req_expiry', 'solo', () => now);
    const created = await requests.create(request('ada', 1));
    expect(await requests.begin(created._id)).toBe(true);
    await requests.settle(created._id, 'pending');
    expect(await requests.begin(created._id)).toBe(true);
    await requests.settle(created._id, 'pending');
    now = new Date(now.getTime() + 10 * MINUTE + 1);
    expect(await requests.begin(created._id)).toBe(false);
    await requests.expire(created._id);
    expect((await stored('req_expiry', created._id))?.state).toBe('expired');
  });

  test('an application cut short (still `applying` five minutes on) may be retried; a recent one may not', async () => {
    let now = new Date('2026-11-26T12:00:00Z');
    const requests = await replica('req_stale', 'solo', () => now);
    const created = await requests.create(request('ada', 1));
    expect(await requests.begin(created._id)).toBe(true);
    now = new Date(now.getTime() + MINUTE);
    expect(await requests.begin(created._id)).toBe(false);
    now = new Date(now.getTime() + 5 * MINUTE);
    expect(await requests.begin(created._id)).toBe(true);
  });

  test('cancel drops the sender’s pending requests only', async () => {
    const requests = await replica('req_cancel', 'solo');
    const mine = await requests.create(request('ada', 1));
    const theirs = await requests.create(request('bob', 2));
    expect((await requests.cancelPending('ada')).map((r) => r._id)).toEqual([mine._id]);
    expect(await requests.cancelPending('ada')).toEqual([]);
    expect((await stored('req_cancel', mine._id))?.state).toBe('cancelled');
    expect((await stored('req_cancel', theirs._id))?.state).toBe('pending');
  });
});

describe('the license audit', () => {
  test('lists the last entries newest first, as stored', async () => {
    const audit = openLicenseAudit(t.db, 'audit_recent');
    const base = Date.UTC(2026, 10, 26, 12);
    const entries: AuditEntry[] = [3, 1, 4, 1, 5, 9, 2, 6].map((minute, i) => ({
      at: new Date(base + minute * MINUTE),
      action: i % 2 ? 'check' : 'apply',
      user: { id: `u${i}`, username: `user${i}` },
      roomId: 'dm',
      messageId: `m${i}`,
      fingerprint: `${i}`.repeat(64),
      verdict: { valid: i % 3 === 0, version: 3, reasons: i % 3 === 0 ? [] : ['period'] },
      outcome: `outcome ${i}`,
      previousFingerprint: null,
    }));
    for (const entry of entries) await audit.record(entry);
    const raw = await t.db.collection('audit_recent').find({}).toArray();
    expect(raw).toHaveLength(entries.length);
    const expected = raw
      .map((doc, i) => ({ doc, i }))
      .sort((a, b) => b.doc.at.getTime() - a.doc.at.getTime() || b.i - a.i)
      .slice(0, 5)
      .map(({ doc }) => doc.messageId);
    const recent = await audit.recent(5);
    expect(recent.map((e) => e.messageId)).toEqual(expected);
    expect(recent[0]).toEqual(entries.find((e) => e.messageId === expected[0]));
  });
});
