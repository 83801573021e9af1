/**
 * Where a tracked number changed its meaning between Rocket.Chat versions, so a change is only computed between
 * two days that counted the same thing, and a chart or table can say where a series breaks.
 *
 * Of the numbers the history keeps, only `activeUsers` changed meaning: Rocket.Chat's
 * `Users.getActiveLocalUserCount` (packages/models/src/models/Users.ts) subtracts active guests, apps and
 * federated users, and from 6.4.0 bots as well (`type: { $in: ['app', 'bot'] }`, PR #30216); before, bots were
 * counted as active users. src/stats/version.ts keeps that switch as `botsAreActiveUsers`. `totalMessages` is split
 * differently from 6.5 (discussions apart, apps/meteor/app/statistics/server/lib/statistics.ts) but its total
 * adds up to the same messages, and from 7.1 totals are estimated counts of the same collections: neither changes
 * what is counted.
 */
import { parseRcVersion, semanticsFor } from '../stats/version.js';
import type { Metric } from './numbers.js';

/** A label for what `metric` counted on a workspace running `version`; undefined when it did not depend on it. */
export function meaningOf(metric: Metric, version: string | null): string | undefined {
  if (metric !== 'activeUsers') return undefined;
  const parsed = parseRcVersion(version);
  if (!parsed) return 'unknown version';
  return semanticsFor(parsed, 'snapshot').botsAreActiveUsers ? 'bots counted' : 'bots not counted';
}

/** Whether `metric` on two days counted the same thing; `unknown` when it depends on a version not known. */
export function compareMeaning(metric: Metric, a: string | null, b: string | null): 'same' | 'different' | 'unknown' {
  const first = meaningOf(metric, a);
  const second = meaningOf(metric, b);
  if (first === 'unknown version' || second === 'unknown version') return 'unknown';
  return first === second ? 'same' : 'different';
}

/** A point where a series changes meaning: the first day of the new meaning. */
export interface SeriesBreak {
  metric: Metric;
  day: string;
  version: string | null;
  before: string;
  after: string;
}

/** The breaks of `metric` across days sorted oldest first. */
export function breaksOf(metric: Metric, days: readonly { day: string; version: string | null }[]): SeriesBreak[] {
  const breaks: SeriesBreak[] = [];
  let previous: string | undefined;
  for (const { day, version } of days) {
    const meaning = meaningOf(metric, version);
    if (meaning === undefined || meaning === 'unknown version') continue;
    if (previous !== undefined && meaning !== previous) breaks.push({ metric, day, version, before: previous, after: meaning });
    previous = meaning;
  }
  return breaks;
}
