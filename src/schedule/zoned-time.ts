/**
 * Calendar days and wall-clock times in an IANA time zone, from Intl alone (no time-zone database of our own).
 * A day is named by its ISO date in the zone (`2026-03-29`), which also sorts and compares as text.
 */

/** A calendar day in some zone, as `YYYY-MM-DD`. */
export type DayKey = string;

/** A wall-clock time on a calendar day, as a clock on the wall in the zone shows it. */
export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's canonical name, or undefined when Intl does not know it (e.g. `Europe/Berln`). */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** What a wall clock in the zone shows at `instant`. */
export function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts = partsFormatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The wall time as if it were UTC: a plain number to compare and subtract wall times with. */
function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return wallMs(wallTimeOf(new Date(whole), timeZone)) - whole;
}

/**
 * The instant a wall clock in the zone shows `wall`, resolved as JavaScript's Temporal does by default
 * ('compatible'): a time that occurs twice (clocks turned back) is the earlier one; a time that never occurs
 * (clocks turned forward) is moved forward by the length of the gap, so 02:30 on a day that skips 02:00–03:00
 * is 03:30. Zones change their offset at most once within a day on either side, which the two probes rely on.
 */
export function instantOf(wall: WallTime, timeZone: string): Date {
  const local = wallMs(wall);
  const before = zoneOffsetMs(new Date(local - DAY_MS), timeZone);
  const after = zoneOffsetMs(new Date(local + DAY_MS), timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((candidate) => wallMs(wallTimeOf(new Date(candidate), timeZone)) === local)
    .sort((a, b) => a - b);
  return new Date(matches[0] ?? local - before);
}

/** The calendar day `instant` falls on in the zone. */
export function dayOf(instant: Date, timeZone: string): DayKey {
  const { year, month, day } = wallTimeOf(instant, timeZone);
  return dayKey(year, month, day);
}

/** `YYYY-MM-DD` from its parts. */
export function dayKey(year: number, month: number, day: number): DayKey {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The parts of a day key. */
export function dayParts(day: DayKey): { year: number; month: number; day: number } {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return { year, month, day: date };
}

/** The day `count` days after (or, negative, before) `day`; calendar arithmetic, independent of any zone. */
export function addDays(day: DayKey, count: number): DayKey {
  const { year, month, day: date } = dayParts(day);
  const shifted = new Date(Date.UTC(year, month - 1, date + count));
  return dayKey(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: DayKey, to: DayKey): number {
  const a = dayParts(from);
  const b = dayParts(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** The first instant of `day` in the zone (its midnight, or the first time after a gap at midnight). */
export function startOfDay(day: DayKey, timeZone: string): Date {
  return instantOf({ ...dayParts(day), hour: 0, minute: 0, second: 0 }, timeZone);
}
