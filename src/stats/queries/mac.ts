/**
 * Rocket.Chat's monthly-active-contacts statistics (6.5.0+: omnichannelContactsBySource and uniqueContactsOf*),
 * LivechatRooms.getMACStatisticsForPeriod / getMACStatisticsBetweenDates (packages/models/src/models/LivechatRooms.ts):
 * livechat rooms of a billing period (`v.activity` holds 'YYYY-MM') or created in a time window, grouped by source
 * (`$ifNull: ['$source.alias', '$source.type']`), each with its distinct visitors (`$addToSet: '$v._id'`) and its rooms;
 * the totals add the per-source counts, so a visitor seen on two sources counts twice. No matching room: Rocket.Chat's
 * collector takes `{ contactsCount: 0, conversationsCount: 0, sources: [] }`.
 *
 * Rocket.Chat's pipeline has two accumulators in one `$group` and `$ifNull`/`$size` expressions, which one of the test
 * engines answers wrongly (test-databases.md). Here two aggregations with plain field keys, one accumulator at most:
 * rooms per (alias, type), and the distinct (alias, type, visitor) triples, folded into the same rows.
 */

import type { Outcome, QueryRunner } from '../query-runner.js';
import type { MacStats } from '../statistics-types.js';

type SourceKey = { a?: string | null; t?: string | null; v?: string | null };

const EMPTY: MacStats = { contactsCount: 0, conversationsCount: 0, sources: [] };

/** The billing period Rocket.Chat's collector asks for: `moment.utc().format('YYYY-MM')`. */
export function macPeriod(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

function macStatistics(runner: QueryRunner, name: string, match: Record<string, unknown>): Promise<Outcome<MacStats>> {
  return runner.run(`mac:${name}`, async (options) => {
    const rooms = runner.db.collection('rocketchat_room');
    const conversations = await rooms
      .aggregate<{ _id: SourceKey; n: number }>([{ $match: match }, { $group: { _id: { a: '$source.alias', t: '$source.type' }, n: { $sum: 1 } } }], options)
      .toArray();
    if (conversations.length === 0) return EMPTY;
    const visitors = await rooms
      .aggregate<{ _id: SourceKey }>([{ $match: match }, { $group: { _id: { a: '$source.alias', t: '$source.type', v: '$v._id' } } }], options)
      .toArray();
    const bySource = new Map<string | null, { visitors: Set<string>; conversations: number }>();
    const entry = (key: SourceKey) => {
      const source = key.a ?? key.t ?? null;
      const found = bySource.get(source) ?? { visitors: new Set<string>(), conversations: 0 };
      bySource.set(source, found);
      return found;
    };
    for (const { _id, n } of conversations) entry(_id).conversations += n;
    // $addToSet skips a missing value: a room without v._id adds no contact.
    for (const { _id } of visitors) if (_id.v !== undefined && _id.v !== null) entry(_id).visitors.add(_id.v);
    const sources = [...bySource].map(([source, { visitors: ids, conversations: n }]) => ({ source: source as string, contactsCount: ids.size, conversationsCount: n }));
    return {
      contactsCount: sources.reduce((total, s) => total + s.contactsCount, 0),
      conversationsCount: sources.reduce((total, s) => total + s.conversationsCount, 0),
      sources,
    };
  });
}

const DAY_MS = 86_400_000;

/** The four MAC fields of Rocket.Chat's collector at `now`: this UTC month's period, and the last 30, 7 and 1 days. */
export function macFields(runner: QueryRunner, now: Date) {
  const between = (name: string, days: number) =>
    macStatistics(runner, `${name}:${now.toISOString()}`, { t: 'l', 'v.activity': { $exists: true }, ts: { $gte: new Date(now.getTime() - days * DAY_MS), $lt: now } });
  return Promise.all([
    macStatistics(runner, `period:${macPeriod(now)}`, { t: 'l', 'v.activity': macPeriod(now) }),
    between('month', 30),
    between('week', 7),
    between('yesterday', 1),
  ]);
}
