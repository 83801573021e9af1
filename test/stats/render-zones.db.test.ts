/**
 * One computed result rendered for two zones: the cards and the reply's first line show every date in the zone the
 * caller gives (INFOBOT_TIMEZONE in the bot), never the process's, and the numbers do not change with the zone.
 * Expected dates come from the raw documents, formatted with Intl for each zone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderInfoCards } from '../../src/cards/info-cards.js';
import { infoCards } from '../../src/dispatch/reply.js';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { computeStats } from '../../src/stats/compute.js';
import { hasParts, INFO_SECTIONS, type StatsResult } from '../../src/stats/result.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';

const ZONES = ['Pacific/Honolulu', 'Asia/Tokyo'] as const;

/** "Nov 25, 2026 3:12 AM"-style parts, computed independently of the code under test. */
function hourIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(date).replace(/\u202f/g, ' ');
}

describe('one result, two time zones', () => {
  let result: StatsResult<(typeof INFO_SECTIONS)[number]>;
  let lockedAt: Date;

  beforeAll(async () => {
    const t = await openFileDb('zones');
    await seedWorkspace(t.db, { size: 'tiny', now: DEFAULT_NOW });
    const control = await t.db.collection<{ _id: string; lockedAt?: Date }>('migrations').findOne({ _id: 'control' });
    if (!control?.lockedAt) throw new Error('the seeded workspace has no migration start');
    lockedAt = control.lockedAt;
    const computed = await computeStats({
      db: t.db,
      parts: INFO_SECTIONS,
      licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY,
      queryTimeoutMs: 20_000,
      concurrency: 4,
      now: DEFAULT_NOW,
    });
    if (!hasParts(computed, INFO_SECTIONS)) throw new Error('sections missing');
    result = computed;
  });

  it('shows the migration start in each zone, with the same numbers', () => {
    const [first, second] = ZONES.map((timeZone) => renderInfoCards(result, INFO_SECTIONS, { timeZone, now: DEFAULT_NOW }));
    const migration = (cards: typeof first) => cards?.[0]?.fields.find((f) => f.label === 'Database Migration')?.value ?? '';
    expect(hourIn(lockedAt, ZONES[0])).not.toBe(hourIn(lockedAt, ZONES[1]));
    expect(migration(first)).toContain(hourIn(lockedAt, ZONES[0]));
    expect(migration(second)).toContain(hourIn(lockedAt, ZONES[1]));
    const usage = (cards: typeof first) => cards?.[2]?.fields.map((f) => `${f.section}/${f.label}=${f.value}`);
    expect(usage(first)).toEqual(usage(second));
  });

  it("says in the reply's first line when the numbers are from, in the zone given", () => {
    for (const timeZone of ZONES) {
      const reply = infoCards(result, INFO_SECTIONS, { now: DEFAULT_NOW, timeZone });
      expect(reply.kind === 'cards' && reply.text).toContain(hourIn(result.computedAt, timeZone));
    }
  });
});
