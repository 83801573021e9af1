/**
 * When the daily post is due: a cron expression (node-cron's syntax and parser) read as wall-clock times in an IANA
 * zone, at most one run per calendar day. Pure functions of the instant they are given, so tests move a clock
 * across days and daylight-saving changes without waiting.
 *
 * A day's run is the earliest wall time of that day the expression matches. node-cron itself skips a day whose
 * time falls in a daylight-saving gap (it looks for 02:30 on a day whose clocks jump from 02:00 to 03:00 and finds
 * none); here that run happens at 03:30, and a time that occurs twice (clocks turned back) runs at the first.
 */
import { createTask, validateDetailed } from 'node-cron';
import { addDays, canonicalTimeZone, type DayKey, dayOf, dayParts, instantOf, type WallTime } from './zoned-time.js';

/** One day's run: the day it belongs to, and the instant it is due. */
export interface DailyRun {
  day: DayKey;
  at: Date;
}

/** A validated schedule. */
export interface DailyPlan {
  expression: string;
  /** Canonical IANA name. */
  timeZone: string;
  /** The run of `day`, or undefined when the expression skips that day (e.g. week-ends for `0 9 * * 1-5`). */
  runOn(day: DayKey): DailyRun | undefined;
  /** Today's run (today in the zone) when its time has come; a run stays due until the day ends. */
  dueAt(now: Date): DailyRun | undefined;
  /** The first run after `now`; undefined when none falls within the search horizon. */
  nextAfter(now: Date): DailyRun | undefined;
}

/** Thrown for an expression or zone that cannot be used; the message says how to fix it. */
export class PlanError extends Error {}

// February 29th on a given weekday recurs within 28 years (40 across a skipped century leap day).
const HORIZON_DAYS = 366 * 40;

/** Why `expression` is not a usable cron expression, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const result = validateDetailed(expression.trim());
  if (result.valid) return undefined;
  const detail = result.errors.map((e) => e.message).join('; ');
  return `\`${expression}\` is not a cron expression (${detail}). Use five fields, minute hour day-of-month month day-of-week, e.g. \`0 9 * * *\` for 09:00 every day or \`30 8 * * 1-5\` for 08:30 on weekdays`;
}

/** Why `name` is not a usable time zone, or undefined when it is. */
export function timeZoneProblem(name: string): string | undefined {
  return canonicalTimeZone(name) ? undefined : `\`${name}\` is not an IANA time zone. Use a name such as UTC, Europe/Berlin or America/New_York`;
}

/** Reads a schedule; throws PlanError naming the fix when the expression or zone cannot be used. */
export function createDailyPlan(expression: string, timeZone: string): DailyPlan {
  const problems = [cronProblem(expression), timeZoneProblem(timeZone)].filter((p) => p !== undefined);
  if (problems.length) throw new PlanError(problems.join('\n'));
  const zone = canonicalTimeZone(timeZone) as string;
  const fields = validateDetailed(expression.trim()).fields;
  if (!fields) throw new PlanError(cronProblem(expression) ?? `\`${expression}\` could not be read`);
  // The expression is matched against wall times written as UTC instants: UTC has no daylight saving, so every
  // wall time exists exactly once there, and node-cron's matcher decides the calendar fields (L, W, #, names).
  const wallMatcher = createTask(expression.trim(), () => undefined, { timezone: 'UTC' });
  wallMatcher.destroy();
  const first = (values: number[]) => Math.min(...values);
  const earliest = { hour: first(fields.hour), minute: first(fields.minute), second: first(fields.second) };

  // Every tick asks about today: the few days asked recently are remembered.
  const recent = new Map<DayKey, DailyRun | undefined>();
  function runOn(day: DayKey): DailyRun | undefined {
    if (recent.has(day)) return recent.get(day);
    const wall: WallTime = { ...dayParts(day), ...earliest };
    const asUtc = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
    const run = wallMatcher.match(asUtc) ? { day, at: instantOf(wall, zone) } : undefined;
    if (recent.size >= 16) recent.clear();
    recent.set(day, run);
    return run;
  }

  return {
    expression: expression.trim(),
    timeZone: zone,
    runOn,
    dueAt(now) {
      const run = runOn(dayOf(now, zone));
      return run && run.at.getTime() <= now.getTime() ? run : undefined;
    },
    nextAfter(now) {
      const today = dayOf(now, zone);
      for (let offset = 0; offset <= HORIZON_DAYS; offset++) {
        const run = runOn(addDays(today, offset));
        if (run && run.at.getTime() > now.getTime()) return run;
      }
      return undefined;
    },
  };
}
