/**
 * What changed: today's numbers against the snapshot of yesterday and of the same weekday a week ago. Pure.
 * "new" means the history holds nothing before today yet; "gap" means older history exists but not that day's.
 */
import type { DayKey } from '../schedule/zoned-time.js';
import { addDays } from '../schedule/zoned-time.js';
import { compareMeaning } from './meaning.js';
import type { DailyNumbers, DailySnapshot, Metric } from './numbers.js';

/** A change of one number against one earlier day. */
export type Delta =
  | { kind: 'change'; by: number; from: number }
  | { kind: 'new' }
  | { kind: 'gap'; day: DayKey }
  | { kind: 'unknown' }
  /** The earlier day counted something else (its Rocket.Chat version gave the number another meaning). */
  | { kind: 'redefined'; from: string | null };

/** The two comparisons the daily post shows. */
export interface Deltas {
  yesterday: Delta;
  week: Delta;
}

/** The earlier snapshots a day is compared with. */
export interface Baseline {
  yesterday: DailySnapshot | undefined;
  weekAgo: DailySnapshot | undefined;
  /** Whether any snapshot older than today exists. */
  hasHistory: boolean;
}

/** The days a day is compared with. */
export function baselineDays(day: DayKey): { yesterday: DayKey; weekAgo: DayKey } {
  return { yesterday: addDays(day, -1), weekAgo: addDays(day, -7) };
}

/**
 * The change of one value against an earlier snapshot. Given the current day's Rocket.Chat version, a value whose
 * meaning differs between the two versions is not compared (src/history/meaning.ts).
 */
export function deltaOf(current: number | null, earlier: DailySnapshot | undefined, metric: Metric, hasHistory: boolean, day: DayKey, version?: string | null): Delta {
  if (!earlier) return hasHistory ? { kind: 'gap', day } : { kind: 'new' };
  const meaning = version === undefined ? 'same' : compareMeaning(metric, version, earlier.version);
  if (meaning === 'unknown') return { kind: 'unknown' };
  if (meaning === 'different') return { kind: 'redefined', from: earlier.version };
  const from = earlier.numbers[metric];
  if (current === null || from === null || from === undefined) return { kind: 'unknown' };
  return { kind: 'change', by: current - from, from };
}

/** Both changes of one value; `version` (the current day's) makes them respect changes of meaning. */
export function deltasOf(numbers: DailyNumbers, metric: Metric, baseline: Baseline, day: DayKey, version?: string | null): Deltas {
  const days = baselineDays(day);
  return {
    yesterday: deltaOf(numbers[metric], baseline.yesterday, metric, baseline.hasHistory, days.yesterday, version),
    week: deltaOf(numbers[metric], baseline.weekAgo, metric, baseline.hasHistory, days.weekAgo, version),
  };
}
