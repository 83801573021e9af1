/**
 * Which alert conditions hold, from one reading of the workspace and its history. Pure: the runner keeps state and
 * posts. A condition already firing stays on until its value is clearly back (a small margin), so a number that
 * hovers at a threshold does not post again and again.
 */
import { compareMeaning } from '../history/meaning.js';
import type { DailySnapshot, Metric } from '../history/numbers.js';

/** The thresholds (INFOBOT_ALERT_*). */
export interface AlertThresholds {
  /** Seats used as a percentage of the license limit, e.g. [80, 90, 100]. */
  seatsPercent: number[];
  /** Days before the license's end, e.g. [30, 7, 1]. */
  licenseDays: number[];
  /** A day's change further than this many standard deviations from the usual daily change is a jump. */
  jumpSigma: number;
  /** How long Rocket.Chat's database or a figure must fail before it is an alert. */
  failingMs: number;
}

/** One reading: the workspace now (undefined when Rocket.Chat's database did not answer) and the daily history. */
export interface AlertReading {
  now: Date;
  current: DailySnapshot | undefined;
  /** Daily snapshots before today, newest first (the backfilled history). */
  history: readonly DailySnapshot[];
}

/** A condition that holds now. */
export interface ActiveCondition {
  id: string;
  /** How long it must hold before it is posted (0: at once). */
  holdMs: number;
  /** What the alert says when it starts. */
  text: string;
}

/** Seats within this many points under a threshold keep its alert on. */
const SEATS_MARGIN = 2;
/** Daily changes needed before a jump can be told from the usual. */
const MIN_JUMP_HISTORY = 14;
const JUMP_METRICS: [Metric, string][] = [
  ['totalUsers', 'users'],
  ['activeUsers', 'active users'],
  ['totalRooms', 'rooms'],
  ['totalMessages', 'messages'],
  ['uploadsTotalSize', 'upload storage (bytes)'],
];

function seats(reading: AlertReading, thresholds: AlertThresholds, firing: ReadonlySet<string>): ActiveCondition[] {
  const used = reading.current?.numbers.seatsUsed;
  const max = reading.current?.numbers.seatsMax;
  if (used == null || max == null || max <= 0) return [];
  const percent = (used / max) * 100;
  return thresholds.seatsPercent
    .filter((t) => percent >= t || (firing.has(`seats-${t}`) && percent >= t - SEATS_MARGIN))
    .map((t) => ({ id: `seats-${t}`, holdMs: 0, text: `Seats at ${Math.floor(percent)} % of the license limit (${used} of ${max}), at or over the ${t} % threshold.` }));
}

function license(reading: AlertReading, thresholds: AlertThresholds): ActiveCondition[] {
  const current = reading.current;
  if (!current) return [];
  if (current.license.state === 'invalid') {
    const why = current.license.reasons.length ? `: ${current.license.reasons.join('; ')}` : '';
    return [{ id: 'license-invalid', holdMs: 0, text: `The installed license is not valid${why}.` }];
  }
  const left = current.numbers.licenseDaysLeft;
  if (current.license.state !== 'valid' || left == null) return [];
  return thresholds.licenseDays
    .filter((d) => left <= d)
    .map((d) => ({ id: `license-${d}d`, holdMs: 0, text: `The license ends in ${Math.max(0, left)} day(s) (${current.license.validUntil ?? '?'}), within ${d} days.` }));
}

function instances(reading: AlertReading): ActiveCondition[] {
  const now = reading.current?.numbers.instanceCount;
  const before = reading.history[0]?.numbers.instanceCount;
  if (now == null || before == null || now >= before) return [];
  return [{ id: 'instance-stale', holdMs: 0, text: `${before - now} Rocket.Chat instance(s) stopped reporting (${now} now, ${before} on ${reading.history[0]?.day}): see \`/info deployment\`.` }];
}

function failures(reading: AlertReading, thresholds: AlertThresholds): ActiveCondition[] {
  if (!reading.current) {
    return [{ id: 'rc-db-unreachable', holdMs: thresholds.failingMs, text: 'Rocket.Chat’s database does not answer the bot.' }];
  }
  return reading.current.failed.map((field) => ({ id: `figure-failing:${field}`, holdMs: thresholds.failingMs, text: `The figure \`${field}\` cannot be computed (its query fails or times out).` }));
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The last complete day's change of each metric against the changes of the days before it. */
function jumps(reading: AlertReading, thresholds: AlertThresholds): ActiveCondition[] {
  const days = reading.history;
  const found: ActiveCondition[] = [];
  for (const [metric, label] of JUMP_METRICS) {
    const changes: { day: string; by: number }[] = [];
    for (let i = 0; i + 1 < days.length && changes.length <= 30; i++) {
      const later = days[i] as DailySnapshot;
      const earlier = days[i + 1] as DailySnapshot;
      const a = later.numbers[metric];
      const b = earlier.numbers[metric];
      // Only consecutive days counted the same way make a daily change.
      const consecutive = Date.parse(`${later.day}T00:00:00Z`) - Date.parse(`${earlier.day}T00:00:00Z`) === 86_400_000;
      if (a == null || b == null || !consecutive || compareMeaning(metric, later.version, earlier.version) !== 'same') {
        if (i === 0) break;
        continue;
      }
      changes.push({ day: later.day, by: a - b });
    }
    const [latest, ...usual] = changes;
    if (!latest || usual.length < MIN_JUMP_HISTORY) continue;
    const average = mean(usual.map((c) => c.by));
    const sd = Math.sqrt(mean(usual.map((c) => (c.by - average) ** 2)));
    if (sd === 0) continue;
    const z = (latest.by - average) / sd;
    if (Math.abs(z) > thresholds.jumpSigma) {
      found.push({
        id: `jump:${metric}`,
        holdMs: 0,
        text: `Unusual change in ${label} on ${latest.day}: ${latest.by >= 0 ? '+' : ''}${latest.by}, where a day usually brings ${average >= 0 ? '+' : ''}${Math.round(average)} ± ${Math.round(sd)} (${Math.abs(z).toFixed(1)} standard deviations).`,
      });
    }
  }
  return found;
}

/**
 * The conditions that hold for the reading; `firing` are those on now (for the margins). Without a reading of the
 * workspace nothing is known about seats, license, instances or figures: those already firing stay on (they are
 * not cleared by an outage), and the outage itself is the condition.
 */
export function activeConditions(reading: AlertReading, thresholds: AlertThresholds, firing: ReadonlySet<string>): ActiveCondition[] {
  const fromHistory = jumps(reading, thresholds);
  if (!reading.current) {
    const known = new Set(fromHistory.map((c) => c.id));
    const kept = [...firing].filter((id) => !id.startsWith('jump:') && !known.has(id)).map((id) => ({ id, holdMs: 0, text: '' }));
    return [...failures(reading, thresholds), ...kept, ...fromHistory];
  }
  return [...seats(reading, thresholds, firing), ...license(reading, thresholds), ...instances(reading), ...failures(reading, thresholds), ...fromHistory];
}
