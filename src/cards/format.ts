/** Formatting of card values: counters, sizes as Rocket.Chat's formatMemorySize, dates with their time zone. */

/** A counter as the Info page shows it: plain digits, no grouping. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : 'unknown';
}

/** Digits with `,` thousands separators and `digits` decimals (Rocket.Chat's numberFormat). */
function numberFormat(value: number, digits: number): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

const MEMORY_UNITS = ['bytes', 'kB', 'MB', 'GB'] as const;

/**
 * Rocket.Chat's formatMemorySize: base 1024, the largest unit (up to GB) with a value of at least 1, no decimals
 * for bytes and two otherwise, `,` as thousands separator: 1536 → "1.50 kB", 5e9 → "4.66 GB".
 */
export function formatMemorySize(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unknown';
  let unit = 0;
  let value = bytes;
  while (unit < MEMORY_UNITS.length - 1 && Math.abs(value) >= 1024) {
    value /= 1024;
    unit++;
  }
  return `${numberFormat(value, unit === 0 ? 0 : 2)} ${MEMORY_UNITS[unit]}`;
}

/** The time zone cards use when none is configured: the process's own. */
export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** At most this many formatters are kept; the zones come from the configuration, so one or two in practice. */
const KEPT_FORMATTERS = 32;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The `kind` formatter for `timeZone`, built once (building one costs far more than formatting with it). */
function formatter(kind: 'dateTime' | 'day', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let kept = formatters.get(key);
  if (!kept) {
    kept = new Intl.DateTimeFormat(
      'en-US',
      kind === 'day'
        ? { timeZone, year: 'numeric', month: 'long', day: 'numeric' }
        : { timeZone, year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' },
    );
    if (formatters.size >= KEPT_FORMATTERS) formatters.clear();
    formatters.set(key, kept);
  }
  return kept;
}

/**
 * A date as Rocket.Chat's default `LLL` format, followed by the zone it is shown in:
 * "November 26, 2026 9:00 AM UTC". An invalid time zone falls back to UTC rather than failing a card.
 */
export function formatDateTime(date: Date, timeZone: string = defaultTimeZone()): string {
  if (Number.isNaN(date.getTime())) return 'Invalid date';
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter('dateTime', timeZone).formatToParts(date);
  } catch {
    return formatDateTime(date, 'UTC');
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')} ${part('day')}, ${part('year')} ${part('hour')}:${part('minute')} ${part('dayPeriod')} ${part('timeZoneName')}`;
}

/** A calendar day in the zone: "November 26, 2026". */
export function formatDay(date: Date, timeZone: string = defaultTimeZone()): string {
  try {
    return formatter('day', timeZone).format(date);
  } catch {
    return formatDay(date, 'UTC');
  }
}

/** Whole days from `now` until `date` (negative when past). */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / 86_400_000);
}

/** "Yes"/"No" for a flag. */
export function formatFlag(value: boolean): string {
  return value ? 'Yes' : 'No';
}
