/**
 * The REST-only source's snapshot through the real SDK REST client against the emulator (no database URL given to
 * the bot): the usage numbers equal Rocket.Chat's saved snapshot, refresh=true saves a new one, and a bot without
 * view-statistics gets one line naming the permission.
 */
import { Bot } from '@rocket.chat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardsToText } from '../../../src/cards/attachments.js';
import { formatCount, formatDateTime } from '../../../src/cards/format.js';
import { usageCard } from '../../../src/cards/usage.js';
import { createRestClient, type RestClient } from '../../../src/chat/rest.js';
import { USAGE_FIELDS } from '../../../src/stats/collectors/usage.js';
import { MissingPermissionError, readRestSnapshot, usageFromSnapshot } from '../../../src/stats/rest/snapshot.js';
import { resolveSemantics } from '../../../src/stats/version.js';
import { collectionsOf } from '../../emulator/collections.js';
import { type Emulator, startEmulator } from '../../emulator/index.js';
import { seedTestWorkspace, type TestWorkspace } from '../../emulator/workspace.js';
import { openFileDb } from '../../support/db.js';

describe('REST-only statistics snapshot', async () => {
  const t = await openFileDb();
  const c = collectionsOf(t.db);
  let fixture: TestWorkspace;
  let emulator: Emulator;
  let rest: RestClient;
  let session: { userId: string; token: string };

  beforeAll(async () => {
    fixture = await seedTestWorkspace(t.db);
    emulator = await startEmulator({ db: t.db });
    rest = createRestClient(new Bot({ host: emulator.url, useSsl: false }), emulator.url, 20_000);
    session = await rest.login(fixture.admin.username, fixture.admin.password);
    rest.authenticate(session.userId, session.token);
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  /** Rocket.Chat's newest saved snapshot, read raw. */
  async function newestRaw() {
    const docs = await t.db.collection('rocketchat_statistics').find({}).toArray();
    return docs.sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime())[0];
  }

  it("answers usage numbers equal to Rocket.Chat's snapshot, each marked as of its date", async () => {
    const snapshot = await readRestSnapshot(rest);
    const raw = await newestRaw();
    if (!raw) throw new Error('the emulator saved no snapshot at boot');
    expect(snapshot.id).toBe(String(raw._id));
    expect(snapshot.createdAt.getTime()).toBe((raw.createdAt as Date).getTime());
    const usage = usageFromSnapshot(snapshot);
    for (const field of USAGE_FIELDS) {
      const expected = raw[field];
      if (typeof expected === 'number' && !Number.isNaN(expected)) {
        expect(usage[field], field).toEqual({ value: expected, source: 'snapshot', asOf: snapshot.createdAt });
      } else {
        expect(usage[field], field).toEqual({ value: null, source: 'unavailable' });
      }
    }
    expect(usage.totalUsers.value).toBeGreaterThan(0);
  });

  it("renders a usage card whose numbers are the snapshot's, footnoted with the snapshot's time", async () => {
    const snapshot = await readRestSnapshot(rest);
    const raw = await newestRaw();
    if (!raw) throw new Error('the emulator saved no snapshot at boot');
    const semantics = resolveSemantics({ snapshot: String(raw.version) });
    const card = { ...usageCard({ usage: usageFromSnapshot(snapshot), semantics, now: new Date() }), timeZone: 'UTC' };
    const total = card.fields.find((field) => field.section === 'Users' && field.label === 'Total');
    expect(total).toMatchObject({ value: formatCount(raw.totalUsers as number), source: 'snapshot', asOf: raw.createdAt });
    expect(cardsToText([card])).toContain(`from Rocket.Chat’s last statistics snapshot (${formatDateTime(raw.createdAt as Date, 'UTC')})`);
  });

  it('refresh asks Rocket.Chat to save a new snapshot, as the Info page Refresh does', async () => {
    const before = await t.db.collection('rocketchat_statistics').countDocuments({});
    const previous = await readRestSnapshot(rest);
    const fresh = await readRestSnapshot(rest, { refresh: true });
    expect(await t.db.collection('rocketchat_statistics').countDocuments({})).toBe(before + 1);
    expect(fresh.id).not.toBe(previous.id);
    expect(fresh.id).toBe(String((await newestRaw())?._id));
  });

  it('a refresh is given longer than the session’s deadline for ordinary calls: Rocket.Chat answers it only after computing every statistic', async () => {
    // A session whose ordinary calls must answer within 100 ms, against a Rocket.Chat that answers after 1 s.
    const hurried = createRestClient(new Bot({ host: emulator.url, useSsl: false }), emulator.url, 100);
    hurried.authenticate(session.userId, session.token);
    emulator.faults.delayResponses(1_000);
    try {
      await expect(readRestSnapshot(hurried)).rejects.toThrow('GET statistics failed: GET statistics did not complete within 100 ms');
      const before = await t.db.collection('rocketchat_statistics').countDocuments({});
      const fresh = await readRestSnapshot(hurried, { refresh: true });
      expect(await t.db.collection('rocketchat_statistics').countDocuments({})).toBe(before + 1);
      expect(fresh.id).toBe(String((await newestRaw())?._id));
    } finally {
      emulator.faults.delayResponses(0);
    }
  });

  it('names view-statistics in one line when the bot account lacks it', async () => {
    await c.permissions.updateOne({ _id: 'view-statistics' }, { $set: { roles: [] } });
    try {
      const error = await readRestSnapshot(rest).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingPermissionError);
      expect((error as MissingPermissionError).permission).toBe('view-statistics');
      expect((error as Error).message).not.toContain('\n');
    } finally {
      await c.permissions.updateOne({ _id: 'view-statistics' }, { $set: { roles: ['admin'] } });
    }
  });
});
