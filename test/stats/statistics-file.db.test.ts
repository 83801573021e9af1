/**
 * statistics.json as the Info page downloads it: for a workspace on each side of every version switch, its keys are
 * exactly those of Rocket.Chat's document for that version (test/rc's plan of statistics.get(), plus the stored
 * document's _id/createdAt/_updatedAt and the REST body's `success`), and no value only looks real: without a
 * snapshot the server-process facts are null in the file and marked unavailable on the cards.
 */
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/model.js';
import { ROCKETCHAT_LICENSE_PUBLIC_KEY } from '../../src/license/public-key.js';
import { statisticsFile, toJsonText } from '../../src/stats/statistics-file.js';
import { rcStatistics } from '../rc/statistics.js';
import { insertFixtureWorkspace } from '../rc-tests/fixture-workspace.js';
import { openFileDb } from '../support/db.js';
import { DEFAULT_NOW, seedWorkspace } from '../support/seed/index.js';
import { computeForTest } from './compute-for-test.js';

const VERSIONS = ['6.3.0', '6.4.0', '6.5.0', '7.0.0', '7.1.0', '7.2.0', '7.10.2', '8.0.0', '8.3.0'];
const compute = (db: Parameters<typeof computeForTest>[0]['db']) =>
  computeForTest({ db, licensePublicKey: ROCKETCHAT_LICENSE_PUBLIC_KEY, queryTimeoutMs: 20_000, concurrency: 4, now: DEFAULT_NOW, timeZone: 'UTC' });

// The keys follow the version, not the data: the small fixture workspace (its last snapshot saying the version) runs
// both plans in about a second, where a seeded workspace took 22-30 s per version on FerretDB under load.
describe.each(VERSIONS)('statistics.json of a Rocket.Chat %s workspace', (version) => {
  it("has exactly Rocket.Chat's keys for that version, success: true, and the provenance apart", async () => {
    const { db } = await openFileDb(`statfile_${version.replace(/\./g, '')}`);
    await insertFixtureWorkspace(db, DEFAULT_NOW);
    const updated = await db.collection('rocketchat_statistics').updateMany({}, { $set: { version } });
    expect(updated.modifiedCount).toBeGreaterThan(0);
    const ours = await compute(db);
    const rc = await rcStatistics(db, { version, now: DEFAULT_NOW, env: {} });
    const { statistics, provenance } = statisticsFile(ours.document);
    const expected = new Set([...Object.keys(rc), '_id', 'createdAt', '_updatedAt', 'success']);
    expect(new Set(Object.keys(statistics))).toEqual(expected);
    expect(statistics.success).toBe(true);
    expect(statistics).not.toHaveProperty('infobot');
    expect(provenance.semantics.version).toBe(version);
    // The fixture's snapshot has no server-process facts: they are unavailable, and null in the file.
    expect(provenance.unavailable).toEqual(expect.arrayContaining(['os', 'process']));
    for (const key of provenance.unavailable) expect(statistics[key], key).toBeNull();
    // The MAC statistics are computed live from the livechat rooms (the fixture has contacts of yesterday, last week
    // and this month), the same as Rocket.Chat's collector; the order of sources is the `$group`'s.
    for (const key of ['omnichannelContactsBySource', 'uniqueContactsOfLastMonth', 'uniqueContactsOfLastWeek', 'uniqueContactsOfYesterday']) {
      if (!(key in rc)) continue;
      expect(provenance.sources[key], key).toBe('live');
      expect(sortSources(statistics[key]), key).toEqual(sortSources(rc[key]));
    }
  });
});

function sortSources(value: unknown): unknown {
  const mac = value as { sources: { source: string }[] };
  return { ...mac, sources: [...mac.sources].sort((a, b) => String(a.source).localeCompare(String(b.source))) };
}

// The neutral values the old document filled in when nothing could say them.
const FAKE_DEFAULTS: [string, RegExp][] = [
  ["os.platform 'linux'", /"platform": "linux"/],
  ['pid 0', /"pid": 0\b/],
  ["nodeVersion ''", /"nodeVersion": ""/],
  ['uptime 0', /"uptime": 0\b/],
  ['apps totals false', /"total(Installed|Active|Failed)": false/],
  ["deploy ''", /"(method|platform)": ""/],
  ['an infobot-made _id', /"_id": "infobot-/],
];

describe('a workspace whose Rocket.Chat never stored a snapshot', () => {
  it('gets null, never a value that only looks real, in the file and "unavailable" on the cards', async () => {
    const { db } = await openFileDb('statfile_nosnapshot');
    await seedWorkspace(db, { size: 'tiny', rcVersion: '7.10.2', now: DEFAULT_NOW });
    await db.collection('rocketchat_statistics').deleteMany({});
    const ours = await compute(db);
    const { statistics, provenance } = statisticsFile(ours.document);
    const text = toJsonText(statistics);
    for (const [what, pattern] of FAKE_DEFAULTS) expect(pattern.test(text), what).toBe(false);
    for (const key of ['os', 'process', 'deploy', 'apps', 'msEnabled', 'dailyPeakConnections']) {
      expect(statistics[key], key).toBeNull();
      expect(provenance.unavailable).toContain(key);
    }
    const cardText = Object.values(ours.cards as Record<string, Card>)
      .flatMap((card) => card.fields.map((field) => `${field.label}: ${field.value}`))
      .join('\n');
    expect(cardText).not.toMatch(/^PID: 0$/m);
    expect(cardText).not.toMatch(/linux/i);
    // The card's PID comes from a live instance heartbeat (a real process), or says it is unavailable.
    expect(cardText).toMatch(/^PID: ([1-9]\d*|.*unavailable.*)$/m);
  });
});
