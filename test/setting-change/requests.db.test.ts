import { describe, expect, test } from 'vitest';
import type { SettingChange } from '../../src/setting-change/change.js';
import { type ChangeRequest, openChangeRequests } from '../../src/setting-change/requests.js';
import { openClaims } from '../../src/store/claims.js';
import { openFileDb } from '../support/db.js';

const t = await openFileDb();

function change(settingId: string, to: unknown): SettingChange {
  return { settingId, label: settingId, defaultValue: false, to, consequences: [], appliedNote: '' };
}

describe('setting changes waiting for confirmation', () => {
  test('a new proposal supersedes its proposer’s earlier pending one for the same setting only', async () => {
    const claims = await openClaims(t.db, 'solo', { collection: 'sc_claims' });
    const requests = openChangeRequests(t.db, claims, { ttlMs: 60_000, now: () => new Date(), collection: 'sc_requests' });
    const first = await requests.create({ userId: 'ada', username: 'ada', change: change('A', true), from: false });
    const otherSetting = await requests.create({ userId: 'ada', username: 'ada', change: change('B', 'x'), from: '' });
    const otherUser = await requests.create({ userId: 'bob', username: 'bob', change: change('A', true), from: false });
    const second = await requests.create({ userId: 'ada', username: 'ada', change: change('A', 'again'), from: false });
    const stored = async (id: string) => t.db.collection<ChangeRequest>('sc_requests').findOne({ _id: id });
    expect(await stored(first._id)).toMatchObject({ state: 'superseded', supersededBy: second._id });
    for (const pending of [otherSetting, otherUser, second]) expect((await stored(pending._id))?.state).toBe('pending');
    expect((await requests.find(second._id))?.change.to).toBe('again');
  });
});
